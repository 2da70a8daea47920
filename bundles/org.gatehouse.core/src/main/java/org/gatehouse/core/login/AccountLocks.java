package org.gatehouse.core.login;

import java.time.Instant;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ProviderType;

/** Account locks for administrators: see a lock, lift it before it runs out. */
@ProviderType
public interface AccountLocks {

    /** @return the end of the lock on that user name, while it is locked */
    Optional<Instant> lockedUntil(OrganizationRef organization, String username);

    /** Lifts the lock and forgets the failed attempts. @return whether there was a lock to lift */
    boolean unlock(OrganizationRef organization, String username);
}
