package org.gatehouse.authenticator.smsotp.internal;

import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.notification.Notifications;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.authenticator.onetimecode.OneTimeCodeAuthenticator;
import org.gatehouse.authenticator.onetimecode.OneTimeCodeSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A one-time code sent by SMS to the user's phone number, as a second factor. The step itself
 * (codes, expiry, attempts, resends, prompts) is the one-time-code library's; this component
 * contributes the SMS part ({@link SmsDelivery}) and its configuration. Resend limits matter more
 * here: each SMS costs money.
 */
@Component(service = Authenticator.class, configurationPid = SmsOtpConfiguration.PID)
@Designate(ocd = SmsOtpConfiguration.class)
public final class SmsOtpAuthenticator implements Authenticator {

    public static final String ID = "sms-otp";

    /** RFC 8176: "sms", confirmation using SMS text message to the user at a registered number. */
    public static final String AMR = "sms";

    static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(
            ID, "One-time code by SMS", AuthenticatorKind.SECOND_FACTOR, Set.of(AMR), Optional.of(SmsOtpConfiguration.PID));

    private final OneTimeCodeAuthenticator step;

    @Activate
    public SmsOtpAuthenticator(SmsOtpConfiguration config, @Reference UserDirectory directory, @Reference Notifications notifications) {
        OneTimeCodeSettings settings = OneTimeCodeSettings.of(config.codeLength(), config.codeLifetime(), config.maxAttempts(),
                config.resendInterval(), config.maxSends());
        SmsDelivery delivery = new SmsDelivery(new PhoneRecipients(directory), OriginBoundDomain.parse(config.originBoundDomain()));
        this.step = new OneTimeCodeAuthenticator(DESCRIPTOR, delivery, settings, notifications);
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return step.descriptor();
    }

    @Override
    public Applicability applicability(StepContext context) {
        return step.applicability(context);
    }

    @Override
    public StepResult start(StepContext context) {
        return step.start(context);
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        return step.submit(context, submission);
    }
}
