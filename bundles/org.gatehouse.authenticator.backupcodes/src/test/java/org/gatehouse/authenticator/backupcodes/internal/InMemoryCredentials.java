package org.gatehouse.authenticator.backupcodes.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.UserRef;

/**
 * The credential store for unit tests, with the contract's compare-and-set on {@code version}. The
 * runtime's database-backed store is written elsewhere; this one keeps its rules in a few lines.
 */
final class InMemoryCredentials implements Credentials {

    private record Stored(OrganizationRef organization, Credential credential, Optional<String> secret) {}

    private final Map<String, Stored> byId = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;
    private final AtomicInteger readsToSynchronise = new AtomicInteger();
    private volatile CountDownLatch readsMet = new CountDownLatch(0);
    private volatile boolean unavailable;
    private volatile boolean failRemovals;

    InMemoryCredentials(Clock clock) {
        this.clock = clock;
    }

    /** Makes the next {@code parties} calls of {@link #list} wait for each other: they all read before any writes. */
    void synchroniseReads(int parties) {
        readsMet = new CountDownLatch(parties);
        readsToSynchronise.set(parties);
    }

    void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** Makes {@link #remove} fail as if the database went away just then. */
    void failRemovals(boolean failRemovals) {
        this.failRemovals = failRemovals;
    }

    @Override
    public List<Credential> list(OrganizationRef organization, UserRef user, String type) {
        List<Credential> found;
        synchronized (this) {
            available();
            found = new ArrayList<>();
            for (Stored s : byId.values()) {
                if (s.organization().equals(organization) && s.credential().user().equals(user)
                        && (type == null || s.credential().type().equals(type))) {
                    found.add(s.credential());
                }
            }
        }
        if (readsToSynchronise.getAndDecrement() > 0) {
            CountDownLatch met = readsMet;
            met.countDown();
            try {
                if (!met.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the racing reads did not meet");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<Credential> findByKey(OrganizationRef organization, String type, String key) {
        available();
        return byId.values().stream()
                .filter(s -> s.organization().equals(organization) && s.credential().type().equals(type)
                        && s.credential().key().equals(Optional.of(key)))
                .map(Stored::credential)
                .findFirst();
    }

    @Override
    public synchronized Credential add(OrganizationRef organization, UserRef user, NewCredential n) {
        available();
        if (n.key().isPresent() && findByKey(organization, n.type(), n.key().get()).isPresent()) {
            throw new CredentialConflictException("key taken");
        }
        Credential c = new Credential("c" + ids.incrementAndGet(), user, n.type(), n.key(), n.label(), n.data(),
                clock.instant(), Optional.empty(), 1);
        byId.put(c.id(), new Stored(organization, c, n.secret()));
        return c;
    }

    @Override
    public synchronized Optional<String> secret(OrganizationRef organization, Credential credential) {
        available();
        Stored s = byId.get(credential.id());
        return s == null || !s.organization().equals(organization) ? Optional.empty() : s.secret();
    }

    @Override
    public synchronized Credential update(OrganizationRef organization, Credential credential, Map<String, String> data, boolean used) {
        available();
        Stored s = byId.get(credential.id());
        if (s == null || !s.organization().equals(organization) || s.credential().version() != credential.version()) {
            throw new CredentialConflictException("credential " + credential.id() + " changed");
        }
        Credential old = s.credential();
        Instant now = clock.instant();
        Credential updated = new Credential(old.id(), old.user(), old.type(), old.key(), old.label(), data, old.createdAt(),
                used ? Optional.of(now) : old.lastUsedAt(), old.version() + 1);
        byId.put(old.id(), new Stored(organization, updated, s.secret()));
        return updated;
    }

    @Override
    public synchronized void remove(OrganizationRef organization, UserRef user, String credentialId) {
        available();
        if (failRemovals) {
            throw new IllegalStateException("database unavailable");
        }
        Stored s = byId.get(credentialId);
        if (s != null && s.organization().equals(organization) && s.credential().user().equals(user)) {
            byId.remove(credentialId);
        }
    }

    private void available() {
        if (unavailable) {
            throw new IllegalStateException("database unavailable");
        }
    }
}
