package org.gatehouse.authenticator.passkey.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.UserRef;

/**
 * The runtime's credential store in memory, with the contract's rules: keys unique per organization
 * and type, and {@link #update} a real compare-and-set on {@link Credential#version()}.
 */
final class InMemoryCredentials implements Credentials {

    private record Entry(OrganizationRef organization, Credential credential, Optional<String> secret) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /** Runs inside {@link #update} before the version check: lets a test slip a concurrent write in. */
    volatile Runnable beforeUpdate = () -> {};
    volatile boolean unavailable;

    @Override
    public synchronized List<Credential> list(OrganizationRef organization, UserRef user, String type) {
        check();
        List<Credential> result = new ArrayList<>();
        for (Entry e : entries.values()) {
            Credential c = e.credential();
            if (e.organization().id().equals(organization.id()) && c.user().domain().equals(user.domain()) && c.user().id().equals(user.id())
                    && (type == null || c.type().equals(type))) {
                result.add(c);
            }
        }
        return result;
    }

    @Override
    public synchronized Optional<Credential> findByKey(OrganizationRef organization, String type, String key) {
        check();
        return entries.values().stream()
                .filter(e -> e.organization().id().equals(organization.id()) && e.credential().type().equals(type)
                        && e.credential().key().equals(Optional.of(key)))
                .map(Entry::credential).findFirst();
    }

    @Override
    public synchronized Credential add(OrganizationRef organization, UserRef user, NewCredential credential) {
        check();
        if (credential.key().isPresent() && findByKey(organization, credential.type(), credential.key().get()).isPresent()) {
            throw new CredentialConflictException("key taken");
        }
        Credential stored = new Credential(UUID.randomUUID().toString(), user, credential.type(), credential.key(), credential.label(),
                credential.data(), Instant.now(), Optional.empty(), 1);
        entries.put(stored.id(), new Entry(organization, stored, credential.secret()));
        return stored;
    }

    @Override
    public synchronized Optional<String> secret(OrganizationRef organization, Credential credential) {
        check();
        Entry e = entries.get(credential.id());
        return e == null ? Optional.empty() : e.secret();
    }

    @Override
    public Credential update(OrganizationRef organization, Credential credential, Map<String, String> data, boolean used) {
        beforeUpdate.run();
        synchronized (this) {
            check();
            Entry e = entries.get(credential.id());
            if (e == null || !e.organization().id().equals(organization.id()) || e.credential().version() != credential.version()) {
                throw new CredentialConflictException("changed or removed");
            }
            Credential c = e.credential();
            Credential updated = new Credential(c.id(), c.user(), c.type(), c.key(), c.label(), data, c.createdAt(),
                    used ? Optional.of(Instant.now()) : c.lastUsedAt(), c.version() + 1);
            entries.put(c.id(), new Entry(e.organization(), updated, e.secret()));
            return updated;
        }
    }

    @Override
    public synchronized void remove(OrganizationRef organization, UserRef user, String credentialId) {
        check();
        Entry e = entries.get(credentialId);
        if (e != null && e.organization().id().equals(organization.id()) && e.credential().user().id().equals(user.id())) {
            entries.remove(credentialId);
        }
    }

    /** A write by someone else: the version moves on, the data stays. */
    synchronized void touch(String credentialId) {
        Entry e = entries.get(credentialId);
        Credential c = e.credential();
        entries.put(credentialId, new Entry(e.organization(), new Credential(c.id(), c.user(), c.type(), c.key(), c.label(), c.data(),
                c.createdAt(), c.lastUsedAt(), c.version() + 1), e.secret()));
    }

    synchronized List<Credential> all() {
        return entries.values().stream().map(Entry::credential).toList();
    }

    private void check() {
        if (unavailable) {
            throw new IllegalStateException("database unavailable");
        }
    }
}
