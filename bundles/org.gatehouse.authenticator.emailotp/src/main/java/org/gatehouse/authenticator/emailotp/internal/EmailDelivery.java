package org.gatehouse.authenticator.emailotp.internal;

import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.authenticator.onetimecode.CodeDelivery;
import org.gatehouse.authenticator.onetimecode.CodeMessage;
import org.gatehouse.authenticator.onetimecode.CodeToSend;

/** Codes by email: to the profile's (verified) address, as a mail with a plain-text and an HTML part. */
final class EmailDelivery implements CodeDelivery {

    private final EmailRecipients recipients;

    EmailDelivery(EmailRecipients recipients) {
        this.recipients = recipients;
    }

    @Override
    public ChannelType channel() {
        return ChannelType.EMAIL;
    }

    @Override
    public Optional<String> recipientOf(OrganizationRef organization, UserRef user) {
        return recipients.addressOf(organization, user);
    }

    @Override
    public String mask(String recipient) {
        return EmailAddresses.mask(recipient);
    }

    @Override
    public CodeMessage render(CodeToSend code) {
        CodeMail.Rendered mail = CodeMail.render(code.locale(), code.code(), code.lifetimeMinutes(), code.applicationName());
        return new CodeMessage(mail.subject(), mail.text(), Optional.of(mail.html()));
    }

    @Override
    public String noRecipientMessageKey() {
        return MessageKeys.NO_ADDRESS;
    }
}
