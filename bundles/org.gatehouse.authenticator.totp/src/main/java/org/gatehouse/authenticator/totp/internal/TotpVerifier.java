package org.gatehouse.authenticator.totp.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.userstore.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a code against each of a user's enrolled apps and spends the time step it belongs to.
 *
 * <p>A step is spent by moving the credential's {@code last_step} forward with a compare-and-set,
 * so a code works once even when two logins submit it at the same moment on different nodes: the
 * second update finds the credential changed and the second login fails.
 */
final class TotpVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(TotpVerifier.class);

    private final Credentials credentials;
    private final Clock clock;
    private final int driftSteps;

    TotpVerifier(Credentials credentials, Clock clock, int driftSteps) {
        this.credentials = credentials;
        this.clock = clock;
        this.driftSteps = driftSteps;
    }

    /**
     * @param code a code that passed {@link CodeInput}
     * @return whether the code was valid, unspent, and is now spent
     * @throws IllegalStateException when the credential store is unavailable
     */
    boolean verifyAndSpend(OrganizationRef organization, UserRef user, String code) {
        Instant now = clock.instant();
        for (Credential credential : credentials.list(organization, user, TotpAuthenticator.ID)) {
            Optional<TotpCredentialData> data = TotpCredentialData.read(credential.data());
            if (data.isEmpty()) {
                LOG.warn("TOTP credential {} of a user in organization {} has malformed data; it is skipped",
                        credential.id(), organization.handle());
                continue;
            }
            Totp totp = data.get().totp();
            if (totp.digits() != code.length()) {
                continue;
            }
            OptionalLong step = matchingStep(organization, credential, totp, now, code, data.get().lastStep());
            if (step.isPresent()) {
                return spend(organization, credential, data.get(), step.getAsLong());
            }
        }
        return false;
    }

    private OptionalLong matchingStep(OrganizationRef organization, Credential credential, Totp totp, Instant now, String code, long lastStep) {
        Optional<byte[]> secret = credentials.secret(organization, credential).flatMap(Base32::decode).filter(s -> s.length > 0);
        if (secret.isEmpty()) {
            LOG.warn("TOTP credential {} of a user in organization {} has no usable secret; it is skipped",
                    credential.id(), organization.handle());
            return OptionalLong.empty();
        }
        try {
            long current = totp.step(now);
            return totp.matchingStep(secret.get(), code, current - driftSteps, current + driftSteps, lastStep);
        } finally {
            Arrays.fill(secret.get(), (byte) 0);
        }
    }

    private boolean spend(OrganizationRef organization, Credential credential, TotpCredentialData data, long step) {
        try {
            credentials.update(organization, credential, data.withLastStep(credential.data(), step), true);
            return true;
        } catch (CredentialConflictException e) {
            // Another login moved this credential on since we read it: almost surely the same code,
            // submitted twice at once. Only one of them may pass.
            LOG.info("A TOTP code of credential {} in organization {} lost a race with a concurrent login; refused",
                    credential.id(), organization.handle());
            return false;
        }
    }
}
