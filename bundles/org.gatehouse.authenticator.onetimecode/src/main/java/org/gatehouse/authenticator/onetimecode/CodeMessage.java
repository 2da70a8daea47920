package org.gatehouse.authenticator.onetimecode;

import java.util.Objects;
import java.util.Optional;

/**
 * A rendered message carrying a code, as {@link CodeDelivery#render} returns it; it becomes the
 * {@link org.gatehouse.api.notification.Notification}'s subject and bodies.
 *
 * @param subject the subject line; empty for channels without one (SMS)
 * @param text the plain-text body
 * @param html an HTML alternative, for channels that have one
 */
public record CodeMessage(String subject, String text, Optional<String> html) {

    public CodeMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }

    /** A message with a body only, e.g. an SMS. */
    public static CodeMessage text(String text) {
        return new CodeMessage("", text, Optional.empty());
    }

    @Override
    public String toString() {
        // the bodies hold the code
        return "CodeMessage[subject=" + subject + "]";
    }
}
