package org.gatehouse.core.transfer;

/** A transfer that cannot run at all (unknown format, read-only or missing store, unreadable input). */
public class TransferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransferException(String message) {
        super(message);
    }

    public TransferException(String message, Throwable cause) {
        super(message, cause);
    }
}
