package org.gatehouse.core.internal.credential;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.CredentialConflictException;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.event.IdentityEventTypes;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.internal.jdbc.FormEncoding;
import org.gatehouse.core.internal.jdbc.Rows;
import org.gatehouse.crypto.SecretEncryption;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Users' factors in the database, whatever store the users live in. Secrets are sealed under the
 * master key and bound to the credential's id, so a sealed seed copied to another row is useless.
 * Updates are compare-and-set on the row version: two logins racing to use the same one-time value
 * cannot both win.
 */
@Component(service = Credentials.class)
public final class CredentialService implements Credentials {

    static final int MAX_DATA = 16_000;
    private static final String COLUMNS = "id, user_domain, user_id, username, type, lookup_key, label, data, created_at, last_used_at, version";

    private final Database database;
    private final SecretEncryption encryption;
    private final IdentityEventPublisher events;
    private final Clock clock;

    @Activate
    public CredentialService(@Reference Database database, @Reference SecretEncryption encryption, @Reference IdentityEventPublisher events) {
        this(database, encryption, events, Clock.systemUTC());
    }

    public CredentialService(Database database, SecretEncryption encryption, IdentityEventPublisher events, Clock clock) {
        this.database = database;
        this.encryption = encryption;
        this.events = events;
        this.clock = clock;
        database.migrate("core", Migration.load(CredentialService.class.getClassLoader(), "db/core"));
    }

    @Override
    public List<Credential> list(OrganizationRef organization, UserRef user, String type) {
        String sql = "SELECT " + COLUMNS + " FROM gh_credential WHERE org_id = ? AND user_domain = ? AND user_id = ?"
                + (type == null ? "" : " AND type = ?") + " ORDER BY created_at, id";
        return query(sql, ps -> {
            ps.setString(1, organization.id());
            ps.setString(2, user.domain());
            ps.setString(3, user.id());
            if (type != null) {
                ps.setString(4, type);
            }
        });
    }

    @Override
    public Optional<Credential> findByKey(OrganizationRef organization, String type, String key) {
        if (key == null || key.isEmpty() || key.length() > 1024) {
            return Optional.empty();
        }
        return query("SELECT " + COLUMNS + " FROM gh_credential WHERE org_id = ? AND type = ? AND lookup_key = ?", ps -> {
            ps.setString(1, organization.id());
            ps.setString(2, type);
            ps.setString(3, key);
        }).stream().findFirst();
    }

    @Override
    public Credential add(OrganizationRef organization, UserRef user, NewCredential credential) {
        Objects.requireNonNull(credential, "credential");
        String data = encodeData(credential.data());
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        String sealed = credential.secret().map(s -> encryption.seal(s.getBytes(StandardCharsets.UTF_8), context(id))).orElse(null);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_credential (id, org_id, user_domain, user_id, username, type, lookup_key,"
                        + " label, data, secret, created_at, last_used_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)")) {
            ps.setString(1, id);
            ps.setString(2, organization.id());
            ps.setString(3, user.domain());
            ps.setString(4, user.id());
            ps.setString(5, Rows.truncate(user.username(), 255));
            ps.setString(6, credential.type());
            ps.setString(7, credential.key().orElse(null));
            ps.setString(8, Rows.truncate(credential.label(), 255));
            ps.setString(9, data);
            ps.setString(10, sealed);
            Rows.setInstant(ps, 11, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Rows.isUniqueViolation(e)) {
                throw new CredentialConflictException("A " + credential.type() + " credential with that key is already registered");
            }
            throw unavailable(e);
        }
        publish(organization, user, IdentityEventTypes.CREDENTIAL_ADDED, credential.type());
        return new Credential(id, user, credential.type(), credential.key(), Rows.truncate(credential.label(), 255), credential.data(), now,
                Optional.empty(), 1);
    }

    @Override
    public Optional<String> secret(OrganizationRef organization, Credential credential) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT secret FROM gh_credential WHERE id = ? AND org_id = ?")) {
            ps.setString(1, credential.id());
            ps.setString(2, organization.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Optional.empty();
                }
                return Optional.of(new String(encryption.open(rs.getString(1), context(credential.id())), StandardCharsets.UTF_8));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Credential update(OrganizationRef organization, Credential credential, Map<String, String> data, boolean used) {
        String encoded = encodeData(data);
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE gh_credential SET data = ?, version = version + 1"
                        + (used ? ", last_used_at = ?" : "") + " WHERE id = ? AND org_id = ? AND version = ?")) {
            int i = 1;
            ps.setString(i++, encoded);
            if (used) {
                Rows.setInstant(ps, i++, now);
            }
            ps.setString(i++, credential.id());
            ps.setString(i++, organization.id());
            ps.setLong(i, credential.version());
            if (ps.executeUpdate() != 1) {
                throw new CredentialConflictException("The " + credential.type() + " credential changed or was removed meanwhile");
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return new Credential(credential.id(), credential.user(), credential.type(), credential.key(), credential.label(), data,
                credential.createdAt(), used ? Optional.of(now) : credential.lastUsedAt(), credential.version() + 1);
    }

    @Override
    public void remove(OrganizationRef organization, UserRef user, String credentialId) {
        String type = null;
        try (Connection c = database.dataSource().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT type FROM gh_credential WHERE id = ? AND org_id = ? AND user_domain = ? AND user_id = ?")) {
                ps.setString(1, credentialId);
                ps.setString(2, organization.id());
                ps.setString(3, user.domain());
                ps.setString(4, user.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        type = rs.getString(1);
                    }
                }
            }
            if (type == null) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_credential WHERE id = ? AND org_id = ? AND user_domain = ? AND user_id = ?")) {
                ps.setString(1, credentialId);
                ps.setString(2, organization.id());
                ps.setString(3, user.domain());
                ps.setString(4, user.id());
                if (ps.executeUpdate() == 0) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        publish(organization, user, IdentityEventTypes.CREDENTIAL_REMOVED, type);
    }

    /** Removes every credential of a user (the user was deleted). @return how many */
    public int removeAll(OrganizationRef organization, UserRef user) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_credential WHERE org_id = ? AND user_domain = ? AND user_id = ?")) {
            ps.setString(1, organization.id());
            ps.setString(2, user.domain());
            ps.setString(3, user.id());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Credential> query(String sql, Binder binder) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Credential> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Credential(rs.getString("id"), new UserRef(rs.getString("user_domain"), rs.getString("user_id"), rs.getString("username")),
                            rs.getString("type"), Optional.ofNullable(rs.getString("lookup_key")), rs.getString("label"),
                            FormEncoding.decode(rs.getString("data")), Rows.instant(rs, "created_at"),
                            Optional.ofNullable(Rows.instant(rs, "last_used_at")), rs.getLong("version")));
                }
            }
            return result;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static String encodeData(Map<String, String> data) {
        String encoded = FormEncoding.encode(data);
        if (encoded.length() > MAX_DATA) {
            throw new IllegalArgumentException("Credential data is limited to " + MAX_DATA + " characters encoded");
        }
        return encoded;
    }

    private void publish(OrganizationRef organization, UserRef user, String type, String credentialType) {
        events.publish(new IdentityEvent(UUID.randomUUID().toString(), type, clock.instant(), organization, Optional.of(user.id()),
                Map.of("credentialType", credentialType, "domain", user.domain())));
    }

    private static String context(String credentialId) {
        return "gh_credential/" + credentialId;
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("The credential store is unavailable: " + e.getMessage(), e);
    }
}
