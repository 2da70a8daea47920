package org.gatehouse.authenticator.smsotp.internal;

import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.authenticator.onetimecode.CodeDelivery;
import org.gatehouse.authenticator.onetimecode.CodeMessage;
import org.gatehouse.authenticator.onetimecode.CodeToSend;

/** Codes by SMS: to the profile's E.164 phone number, as one short text, optionally origin-bound. */
final class SmsDelivery implements CodeDelivery {

    private final PhoneRecipients recipients;
    private final Optional<String> originBoundDomain;

    SmsDelivery(PhoneRecipients recipients, Optional<String> originBoundDomain) {
        this.recipients = recipients;
        this.originBoundDomain = originBoundDomain;
    }

    @Override
    public ChannelType channel() {
        return ChannelType.SMS;
    }

    @Override
    public Optional<String> recipientOf(OrganizationRef organization, UserRef user) {
        return recipients.numberOf(organization, user);
    }

    @Override
    public String mask(String recipient) {
        return PhoneNumbers.mask(recipient);
    }

    @Override
    public CodeMessage render(CodeToSend code) {
        return CodeMessage.text(CodeSms.render(code.locale(), code.code(), code.lifetimeMinutes(), code.applicationName(), originBoundDomain));
    }

    @Override
    public String noRecipientMessageKey() {
        return MessageKeys.NO_PHONE;
    }
}
