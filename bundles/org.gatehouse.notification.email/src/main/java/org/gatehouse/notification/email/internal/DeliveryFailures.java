package org.gatehouse.notification.email.internal;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.DeliveryResult.Status;

/**
 * Decides whether a failed send may succeed later. The SMTP reply code decides where there is one
 * (RFC 5321 section 4.2.1: 4yz is transient, 5yz permanent); a failure to reach or talk to the server
 * (refused connection, timeout, TLS handshake) is transient; a refused login is permanent, since the
 * same credentials will be refused again.
 */
final class DeliveryFailures {

    private DeliveryFailures() {}

    static DeliveryResult rejected(RejectedNotificationException e) {
        return result(Status.FAILED_PERMANENT, e.getMessage());
    }

    static DeliveryResult of(MessagingException e) {
        Optional<Reply> reply = reply(e);
        if (reply.isPresent()) {
            int code = reply.get().code();
            Status status = code >= 400 && code < 500 ? Status.FAILED_RETRYABLE : Status.FAILED_PERMANENT;
            return result(status, "The SMTP server answered " + reply.get().text());
        }
        if (e instanceof AuthenticationFailedException) {
            return result(Status.FAILED_PERMANENT, "The SMTP server refused the username and password");
        }
        Optional<IOException> io = cause(e, IOException.class);
        if (io.isPresent()) {
            return result(Status.FAILED_RETRYABLE, "Could not talk to the SMTP server: " + io.get());
        }
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null && failed.getInvalidAddresses().length > 0) {
            return result(Status.FAILED_PERMANENT, "The SMTP server refused the recipient");
        }
        // e.g. "STARTTLS is required but host does not support STARTTLS": the server may be fixed
        return result(Status.FAILED_RETRYABLE, "SMTP failure: " + firstLine(e));
    }

    static DeliveryResult unexpected(RuntimeException e) {
        return result(Status.FAILED_RETRYABLE, "Unexpected failure: " + e.getClass().getName());
    }

    /** An SMTP reply: its code and its first line, as the server sent it. */
    private record Reply(int code, String text) {
    }

    private static Optional<Reply> reply(MessagingException e) {
        for (Throwable t : chain(e)) {
            if (t instanceof SMTPAddressFailedException a) {
                return Optional.of(new Reply(a.getReturnCode(), firstLine(a)));
            }
            if (t instanceof SMTPSenderFailedException s) {
                return Optional.of(new Reply(s.getReturnCode(), firstLine(s)));
            }
            if (t instanceof SMTPSendFailedException s && s.getReturnCode() > 0) {
                return Optional.of(new Reply(s.getReturnCode(), firstLine(s)));
            }
        }
        return Optional.empty();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        return chain(e).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The exception, its causes and nested exceptions, nearest first; cycles are cut. */
    private static List<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        Deque<Throwable> queue = new ArrayDeque<>();
        queue.add(e);
        while (!queue.isEmpty() && chain.size() < 32) {
            Throwable t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            chain.add(t);
            if (t.getCause() != null) {
                queue.add(t.getCause());
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                queue.add(m.getNextException());
            }
        }
        return chain;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }

    private static DeliveryResult result(Status status, String detail) {
        return new DeliveryResult(status, Optional.empty(), detail);
    }
}
