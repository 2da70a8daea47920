package org.gatehouse.authenticator.backupcodes.internal;

import java.security.SecureRandom;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backup codes: one-time codes the user saved when setting them up, to regain access when their
 * usual second factor is lost. All of a user's codes are one credential, so using one and
 * regenerating the set are single compare-and-set writes.
 */
@Component(service = {Authenticator.class, Enrolment.class})
public final class BackupCodesAuthenticator implements Authenticator, Enrolment {

    /** The authenticator id, and the type of the credential it stores. */
    public static final String ID = "backup-codes";

    /**
     * RFC 8176 has no value for recovery codes. {@code otp} ("one-time password") is the closest
     * truthful one: each code is a password that works once. {@code kba} would claim knowledge-based
     * questions, and {@code mfa} describes a combination, not a method.
     */
    public static final String AMR = "otp";

    private static final Logger LOG = LoggerFactory.getLogger(BackupCodesAuthenticator.class);
    private static final AuthenticatorDescriptor DESCRIPTOR =
            new AuthenticatorDescriptor(ID, "Backup codes", AuthenticatorKind.RECOVERY, Set.of(AMR), Optional.empty());

    private final Credentials credentials;
    private final BackupCodesLoginStep login;
    private final BackupCodesEnrolmentStep enrolment;

    @Activate
    public BackupCodesAuthenticator(@Reference Credentials credentials) {
        this(credentials, new SecureRandom());
    }

    BackupCodesAuthenticator(Credentials credentials, SecureRandom random) {
        this.credentials = credentials;
        this.login = new BackupCodesLoginStep(credentials);
        this.enrolment = new BackupCodesEnrolmentStep(credentials, random);
    }

    @Override
    public AuthenticatorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Applicable while the user's current set has an unused code; a used-up set needs a new one. */
    @Override
    public Applicability applicability(StepContext context) {
        Optional<UserRef> user = context.user();
        if (user.isEmpty()) {
            return Applicability.NOT_APPLICABLE;
        }
        try {
            return CurrentCodeSet.of(credentials, context.organization(), user.get())
                    .filter(set -> set.codes().remaining() > 0)
                    .map(set -> Applicability.APPLICABLE)
                    .orElse(Applicability.NEEDS_ENROLMENT);
        } catch (IllegalStateException e) {
            // Fail closed, as the TOTP step does: never offer a new factor because the store is down.
            LOG.warn("Could not read backup codes in organization {}: {}", context.organization().handle(), e.getMessage());
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
