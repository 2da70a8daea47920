package org.gatehouse.authenticator.emailotp.internal;

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
 * A one-time code sent to the user's email address, as a second factor. The step itself (codes,
 * expiry, attempts, resends, prompts) is the one-time-code library's; this component contributes
 * the email part ({@link EmailDelivery}) and its configuration.
 */
@Component(service = Authenticator.class, configurationPid = EmailOtpConfiguration.PID)
@Designate(ocd = EmailOtpConfiguration.class)
public final class EmailOtpAuthenticator implements Authenticator {

    public static final String ID = "email-otp";

    /** RFC 8176 has no value for email codes; "otp" is the one that fits. */
    public static final String AMR = "otp";

    static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(
            ID, "One-time code by email", AuthenticatorKind.SECOND_FACTOR, Set.of(AMR), Optional.of(EmailOtpConfiguration.PID));

    private final OneTimeCodeAuthenticator step;

    @Activate
    public EmailOtpAuthenticator(EmailOtpConfiguration config, @Reference UserDirectory directory, @Reference Notifications notifications) {
        OneTimeCodeSettings settings = OneTimeCodeSettings.of(config.codeLength(), config.codeLifetime(), config.maxAttempts(),
                config.resendInterval(), config.maxSends());
        EmailDelivery delivery = new EmailDelivery(new EmailRecipients(directory, config.requireVerifiedEmail()));
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
