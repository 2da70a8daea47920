package org.gatehouse.notification.email.internal;

/** A notification that cannot be sent as it is (a bad address, a subject with a line break). */
final class RejectedNotificationException extends Exception {

    private static final long serialVersionUID = 1L;

    RejectedNotificationException(String reason) {
        super(reason);
    }
}
