package org.gatehouse.notification.email.internal;

import jakarta.mail.internet.MimeMessage;

/**
 * A message ready for the transport.
 *
 * @param message the message, headers updated
 * @param messageId its Message-ID, which the channel reports as the provider's id
 */
record ComposedMail(MimeMessage message, String messageId) {
}
