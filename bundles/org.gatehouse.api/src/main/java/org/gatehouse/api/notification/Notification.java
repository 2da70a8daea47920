package org.gatehouse.api.notification;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;

/**
 * A message for one recipient, already rendered in the recipient's language.
 *
 * @param organization whose branding and sender settings apply
 * @param recipient an email address or an E.164 phone number, as the channel type expects
 * @param subject a subject line (ignored by channels without one, such as SMS)
 * @param body the plain-text body
 * @param htmlBody an HTML alternative, for channels that support it
 * @param locale the language the message is written in
 * @param metadata provider hints and correlation ids; never secrets
 */
public record Notification(
        OrganizationRef organization,
        String recipient,
        String subject,
        String body,
        Optional<String> htmlBody,
        Locale locale,
        Map<String, String> metadata) {
    public Notification {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(recipient, "recipient");
        subject = subject == null ? "" : subject;
        Objects.requireNonNull(body, "body");
        htmlBody = htmlBody == null ? Optional.empty() : htmlBody;
        locale = locale == null ? Locale.ENGLISH : locale;
        metadata = Map.copyOf(metadata);
    }

    @Override
    public String toString() {
        // the body may hold a one-time code: never print it
        return "Notification[recipient=" + recipient + ", subject=" + subject + "]";
    }
}
