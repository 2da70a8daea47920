package org.gatehouse.notification.email.internal;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.notification.Notification;

/**
 * Turns a {@link Notification} into a MIME message: plain text, plus an HTML alternative when the
 * notification has one.
 *
 * <p>Every body part is built from bytes ({@link ByteArrayDataSource}) and the multipart writes
 * itself, so no JavaBeans Activation "data content handler" is ever looked up. Those handlers are
 * found through {@code META-INF/mailcap} files and a ServiceLoader lookup that only work in OSGi
 * when the right class loaders line up; without them the message could not be written at all.
 */
final class MailComposer {

    /** Far above any notification text; a larger subject is a bug or an attack, not a message. */
    static final int MAX_SUBJECT_LENGTH = 500;

    private static final String TEXT_PLAIN = "text/plain; charset=UTF-8";
    private static final String TEXT_HTML = "text/html; charset=UTF-8";

    private final SmtpSettings settings;
    private final Clock clock;

    MailComposer(SmtpSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    ComposedMail compose(Session session, Notification notification) throws RejectedNotificationException, MessagingException {
        InternetAddress recipient = recipient(notification.recipient());
        String subject = subject(notification.subject());
        String messageId = "<" + UUID.randomUUID() + "@" + settings.senderDomain() + ">";

        MimeMessage message = new IdentifiedMessage(session, messageId);
        message.setFrom(settings.from());
        message.setRecipient(MimeMessage.RecipientType.TO, recipient);
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        // RFC 3834: automatic replies (vacation notices) must not answer this message
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Auto-Response-Suppress", "All");
        Optional<String> language = contentLanguage(notification.locale());
        if (language.isPresent()) {
            message.setHeader("Content-Language", language.get());
        }

        if (notification.htmlBody().isPresent()) {
            MimeMultipart alternatives = new MimeMultipart("alternative");
            alternatives.addBodyPart(part(notification.body(), TEXT_PLAIN));
            alternatives.addBodyPart(part(notification.htmlBody().get(), TEXT_HTML));
            message.setDataHandler(new MultipartDataHandler(alternatives));
        } else {
            message.setDataHandler(text(notification.body(), TEXT_PLAIN));
        }
        message.saveChanges();
        return new ComposedMail(message, messageId);
    }

    private static InternetAddress recipient(String value) throws RejectedNotificationException {
        try {
            return Addresses.bareAddress(value);
        } catch (AddressException e) {
            throw new RejectedNotificationException("The recipient is not a single valid email address");
        }
    }

    private static String subject(String value) throws RejectedNotificationException {
        if (HeaderText.hasControlCharacters(value)) {
            throw new RejectedNotificationException("The subject contains a line break or another control character");
        }
        if (value.length() > MAX_SUBJECT_LENGTH) {
            throw new RejectedNotificationException("The subject is longer than " + MAX_SUBJECT_LENGTH + " characters");
        }
        return value;
    }

    private static MimeBodyPart part(String content, String type) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(text(content, type));
        return part;
    }

    private static DataHandler text(String content, String type) {
        return new DataHandler(new ByteArrayDataSource(content.getBytes(StandardCharsets.UTF_8), type));
    }

    private static Optional<String> contentLanguage(Locale locale) {
        String tag = locale.toLanguageTag();
        return tag.isEmpty() || tag.equals("und") ? Optional.empty() : Optional.of(tag);
    }

    /** Keeps the Message-ID chosen here; Jakarta Mail would otherwise derive one from the local host name. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * Carries a multipart and writes it itself. A plain {@code DataHandler(multipart, type)} would ask
     * the Activation framework for a content handler to write it (see the class comment).
     */
    private static final class MultipartDataHandler extends DataHandler {
        private final MimeMultipart multipart;

        MultipartDataHandler(MimeMultipart multipart) {
            super(multipart, multipart.getContentType());
            this.multipart = multipart;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try {
                multipart.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException(e);
            }
        }
    }
}
