package org.gatehouse.api.authn;

import java.time.Instant;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Account lockout, shared by every authenticator: after a configured number of failed attempts an
 * account is locked for a configured time. Implemented by the runtime.
 *
 * <p>Attempts are counted per <em>identifier</em> (the user name as typed; the runtime normalises
 * case and domain), whether or not an account with that name exists, so a lock never tells an
 * attacker which accounts exist. Authenticators that identify the user (a password, a magic link)
 * check and record attempts themselves; for steps after the user is known the runtime records the
 * failures of {@link FailureReason#CREDENTIALS} against the user's name.
 */
@ProviderType
public interface LoginAttempts {

    /** @return the end of the lock, while the identifier is locked */
    Optional<Instant> lockedUntil(OrganizationRef organization, String identifier);

    /**
     * Records a failed attempt.
     *
     * @return the end of the lock, if the identifier is locked now (by this failure or before)
     */
    Optional<Instant> failed(OrganizationRef organization, String identifier);

    /** Records a successful attempt: the count of failures starts again. */
    void succeeded(OrganizationRef organization, String identifier);
}
