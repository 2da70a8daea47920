package org.gatehouse.authenticator.totp.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Applicability;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.Enrolment;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.userstore.UserRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Codes from an authenticator app (RFC 6238) as a second factor, and the enrolment that sets the
 * app up. A configuration change re-creates the component; enrolled apps keep their parameters.
 */
@Component(service = {Authenticator.class, Enrolment.class}, configurationPid = TotpConfiguration.PID)
@Designate(ocd = TotpConfiguration.class)
public final class TotpAuthenticator implements Authenticator, Enrolment {

    /** The authenticator id, and the type of the credentials it stores. */
    public static final String ID = "totp";

    /** RFC 8176: "otp", one-time password, names RFC 6238 among its specifications. */
    public static final String AMR = "otp";

    private static final Logger LOG = LoggerFactory.getLogger(TotpAuthenticator.class);
    private static final AuthenticatorDescriptor DESCRIPTOR = new AuthenticatorDescriptor(
            ID, "Authenticator app", AuthenticatorKind.SECOND_FACTOR, Set.of(AMR), Optional.of(TotpConfiguration.PID));

    private final Credentials credentials;
    private final TotpLoginStep login;
    private final TotpEnrolmentStep enrolment;

    @Activate
    public TotpAuthenticator(TotpConfiguration config, @Reference Credentials credentials) {
        this(credentials, TotpSettings.from(config), Clock.systemUTC(), new SecureRandom());
    }

    TotpAuthenticator(Credentials credentials, TotpSettings settings, Clock clock, SecureRandom random) {
        this.credentials = credentials;
        this.login = new TotpLoginStep(new TotpVerifier(credentials, clock, settings.driftSteps()));
        this.enrolment = new TotpEnrolmentStep(credentials, settings, clock, random);
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Applicability applicability(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return Applicability.NOT_APPLICABLE;
        }
        try {
            return credentials.list(context.organization(), user.get(), ID).isEmpty()
                    ? Applicability.NEEDS_ENROLMENT
                    : Applicability.APPLICABLE;
        } catch (IllegalStateException e) {
            // Fail closed: answering NEEDS_ENROLMENT would offer whoever passed the first factor to
            // set up a new app. The step itself then answers "try later".
            LOG.warn("Could not read TOTP credentials in organization {}: {}", context.organization().handle(), e.getMessage());
            return Applicability.APPLICABLE;
        }
    }

    @Override
    public StepResult start(StepContext context) {
        return login.start(context);
    }

    @Override
    public StepResult submit(StepContext context, Submission submission) {
        return login.submit(context, submission);
    }

    @Override
    public StepResult startEnrolment(StepContext context) {
        return enrolment.start(context);
    }

    @Override
    public StepResult submitEnrolment(StepContext context, Submission submission) {
        return enrolment.submit(context, submission);
    }
}
