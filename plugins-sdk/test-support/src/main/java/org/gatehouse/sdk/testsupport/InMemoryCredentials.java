package org.gatehouse.sdk.testsupport;

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
 * The runtime's credential store in memory, with the contract's rules: everything is scoped to an
 * organization; a key is unique per organization and type ({@link CredentialConflictException} on
 * {@link #add}); {@link #update} is a compare-and-set on {@link Credential#version()} and moves the
 * version on. Users are matched by domain and id (a username may change).
 *
 * <p>Besides the contract, switches let a test simulate what the database does to an authenticator:
 * an outage ({@link #unavailable}), a failing delete ({@link #failRemovals}), two logins reading
 * before either writes ({@link #synchroniseReads}) and a concurrent write ({@link #beforeUpdate},
 * {@link #touch}).
 */
public final class InMemoryCredentials implements Credentials {

    private record Stored(OrganizationRef organization, Credential credential, Optional<String> secret) {}

    private final Map<String, Stored> byId = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;
    private final AtomicInteger readsToSynchronise = new AtomicInteger();
    private volatile CountDownLatch readsMet = new CountDownLatch(0);
    private volatile Runnable beforeUpdate = () -> {};
    private volatile boolean unavailable;
    private volatile boolean failRemovals;

    /** A store whose timestamps come from the system clock. */
    public InMemoryCredentials() {
        this(Clock.systemUTC());
    }

    /** @param clock where {@code createdAt} and {@code lastUsedAt} come from */
    public InMemoryCredentials(Clock clock) {
        this.clock = clock;
    }

    /** Makes the next {@code parties} calls of {@link #list} wait for each other: they all read before any writes. */
    public void synchroniseReads(int parties) {
        readsMet = new CountDownLatch(parties);
        readsToSynchronise.set(parties);
    }

    /** While on, every call throws, as when the database is down. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** Makes {@link #remove} fail as if the database went away just then. */
    public void failRemovals(boolean failRemovals) {
        this.failRemovals = failRemovals;
    }

    /** Runs inside {@link #update} before the version check: lets a test slip a concurrent write in (see {@link #touch}). */
    public void beforeUpdate(Runnable action) {
        this.beforeUpdate = action;
    }

    /** A write by someone else: the version moves on, the data stays. */
    public synchronized void touch(String credentialId) {
        Stored s = byId.get(credentialId);
        if (s == null) {
            throw new AssertionError("no credential " + credentialId);
        }
        Credential c = s.credential();
        byId.put(credentialId, new Stored(s.organization(), new Credential(c.id(), c.user(), c.type(), c.key(), c.label(), c.data(),
                c.createdAt(), c.lastUsedAt(), c.version() + 1), s.secret()));
    }

    /** @return every stored credential of every organization, oldest first */
    public synchronized List<Credential> all() {
        return byId.values().stream().map(Stored::credential).toList();
    }

    @Override
    public List<Credential> list(OrganizationRef organization, UserRef user, String type) {
        List<Credential> found;
        synchronized (this) {
            available();
            found = new ArrayList<>();
            for (Stored s : byId.values()) {
                if (sameOrganization(s, organization) && sameUser(s.credential().user(), user)
                        && (type == null || s.credential().type().equals(type))) {
                    found.add(s.credential());
                }
            }
        }
        if (readsToSynchronise.getAndDecrement() > 0) {
            // outside the lock, or the racing readers could not meet
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
                .filter(s -> sameOrganization(s, organization) && s.credential().type().equals(type)
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
        return s == null || !sameOrganization(s, organization) ? Optional.empty() : s.secret();
    }

    @Override
    public Credential update(OrganizationRef organization, Credential credential, Map<String, String> data, boolean used) {
        beforeUpdate.run();
        synchronized (this) {
            available();
            Stored s = byId.get(credential.id());
            if (s == null || !sameOrganization(s, organization) || s.credential().version() != credential.version()) {
                throw new CredentialConflictException("credential " + credential.id() + " changed or was removed");
            }
            Credential old = s.credential();
            Instant now = clock.instant();
            Credential updated = new Credential(old.id(), old.user(), old.type(), old.key(), old.label(), Map.copyOf(data), old.createdAt(),
                    used ? Optional.of(now) : old.lastUsedAt(), old.version() + 1);
            byId.put(old.id(), new Stored(s.organization(), updated, s.secret()));
            return updated;
        }
    }

    @Override
    public synchronized void remove(OrganizationRef organization, UserRef user, String credentialId) {
        available();
        if (failRemovals) {
            throw new IllegalStateException("database unavailable");
        }
        Stored s = byId.get(credentialId);
        if (s != null && sameOrganization(s, organization) && sameUser(s.credential().user(), user)) {
            byId.remove(credentialId);
        }
    }

    private static boolean sameOrganization(Stored s, OrganizationRef organization) {
        return s.organization().id().equals(organization.id());
    }

    private static boolean sameUser(UserRef a, UserRef b) {
        return a.domain().equals(b.domain()) && a.id().equals(b.id());
    }

    private void available() {
        if (unavailable) {
            throw new IllegalStateException("database unavailable");
        }
    }
}
