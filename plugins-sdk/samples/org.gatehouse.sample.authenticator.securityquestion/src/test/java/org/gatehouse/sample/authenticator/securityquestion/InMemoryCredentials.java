package org.gatehouse.sample.authenticator.securityquestion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.UserRef;

/**
 * The runtime's credential store in a few lines, for unit tests: organization-scoped, with the
 * contract's compare-and-set on {@code version}. Each credential is created a second after the one
 * before, as on a real clock.
 */
final class InMemoryCredentials implements Credentials {

    private record Stored(OrganizationRef organization, Credential credential) {}

    private final Map<String, Stored> byId = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private Instant now = Instant.parse("2026-03-01T12:00:00Z");
    private volatile boolean unavailable;

    void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    synchronized List<Credential> all() {
        return byId.values().stream().map(Stored::credential).toList();
    }

    @Override
    public synchronized List<Credential> list(OrganizationRef organization, UserRef user, String type) {
        available();
        List<Credential> found = new ArrayList<>();
        for (Stored s : byId.values()) {
            if (s.organization().equals(organization) && s.credential().user().equals(user) && (type == null || s.credential().type().equals(type))) {
                found.add(s.credential());
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<Credential> findByKey(OrganizationRef organization, String type, String key) {
        available();
        return byId.values().stream()
                .filter(s -> s.organization().equals(organization) && s.credential().type().equals(type) && s.credential().key().equals(Optional.of(key)))
                .map(Stored::credential)
                .findFirst();
    }

    @Override
    public synchronized Credential add(OrganizationRef organization, UserRef user, NewCredential n) {
        available();
        if (n.key().isPresent() && findByKey(organization, n.type(), n.key().get()).isPresent()) {
            throw new CredentialConflictException("key taken");
        }
        now = now.plusSeconds(1);
        Credential c = new Credential("c" + ids.incrementAndGet(), user, n.type(), n.key(), n.label(), n.data(), now, Optional.empty(), 1);
        byId.put(c.id(), new Stored(organization, c));
        return c;
    }

    @Override
    public synchronized Optional<String> secret(OrganizationRef organization, Credential credential) {
        available();
        return Optional.empty();
    }

    @Override
    public synchronized Credential update(OrganizationRef organization, Credential credential, Map<String, String> data, boolean used) {
        available();
        Stored s = byId.get(credential.id());
        if (s == null || !s.organization().equals(organization) || s.credential().version() != credential.version()) {
            throw new CredentialConflictException("credential " + credential.id() + " changed");
        }
        Credential old = s.credential();
        Credential updated = new Credential(old.id(), old.user(), old.type(), old.key(), old.label(), data, old.createdAt(),
                used ? Optional.of(now) : old.lastUsedAt(), old.version() + 1);
        byId.put(old.id(), new Stored(organization, updated));
        return updated;
    }

    @Override
    public synchronized void remove(OrganizationRef organization, UserRef user, String credentialId) {
        available();
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
