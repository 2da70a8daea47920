package org.gatehouse.protocol.oauth2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.gatehouse.api.userstore.UserRef;

/**
 * The protocol's rows: grants, codes, refresh tokens, opaque tokens, revocations, pending requests,
 * consents, device codes and client assertion ids. Every one-time artifact is consumed with a
 * conditional update, so two nodes racing on the same code or refresh token cannot both win.
 * Artifacts are stored as SHA-256 digests, never as the values handed out.
 */
final class OAuthStore {

    private final DataSource dataSource;

    OAuthStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T run(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A database failure: the endpoints answer {@code temporarily_unavailable} / 503. */
    static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        boolean isUniqueViolation() {
            return getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
        }
    }

    static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String join(Set<String> values) {
        return String.join(" ", values);
    }

    /** The space-separated values of a column, in order (a loop: {@code split(" +")} compiled a regex per call, on every refresh). */
    static Set<String> split(String value) {
        if (value == null) {
            return Set.of();
        }
        Set<String> values = new LinkedHashSet<>();
        int start = 0;
        while (start < value.length()) {
            int end = value.indexOf(' ', start);
            if (end < 0) {
                end = value.length();
            }
            if (end > start) {
                values.add(value.substring(start, end));
            }
            start = end + 1;
        }
        return values.isEmpty() ? Set.of() : values;
    }

    // ---- grants ----

    void insertGrant(Grant g) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_grant (id, org_id, client_id, user_domain, user_id, username, scopes, "
                    + "session_id, auth_time, amr, acr, claims, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, g.id());
                ps.setString(2, g.organizationId());
                ps.setString(3, g.clientId());
                ps.setString(4, g.user().map(UserRef::domain).orElse(null));
                ps.setString(5, g.user().map(UserRef::id).orElse(null));
                ps.setString(6, g.user().map(UserRef::username).orElse(null));
                ps.setString(7, join(g.scopes()));
                ps.setString(8, g.sessionId().orElse(null));
                ps.setObject(9, g.authTime().map(OAuthStore::ts).orElse(null));
                ps.setString(10, join(g.amr()));
                ps.setString(11, g.acr());
                ps.setString(12, g.claimsRequest().orElse(null));
                ps.setObject(13, ts(g.created()));
                ps.setObject(14, ts(g.expires()));
                ps.executeUpdate();
                return null;
            }
        });
    }

    private static final String GRANT_COLUMNS = "g.id, g.org_id, g.client_id, g.user_domain, g.user_id, g.username, g.scopes, g.session_id, "
            + "g.auth_time, g.amr, g.acr, g.claims, g.created_at, g.expires_at, g.revoked_at";

    Optional<Grant> findGrant(String id) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + GRANT_COLUMNS + " FROM gh_oauth_grant g WHERE g.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(grant(rs, 1)) : Optional.empty();
                }
            }
        });
    }

    /** The grant in GRANT_COLUMNS order from column {@code first} on. */
    private static Grant grant(ResultSet rs, int first) throws SQLException {
        int i = first - 1;
        Optional<UserRef> user = rs.getString(i + 5) == null ? Optional.empty()
                : Optional.of(new UserRef(rs.getString(i + 4), rs.getString(i + 5), rs.getString(i + 6)));
        return new Grant(rs.getString(i + 1), rs.getString(i + 2), rs.getString(i + 3), user, split(rs.getString(i + 7)),
                Optional.ofNullable(rs.getString(i + 8)), Optional.ofNullable(instant(rs, i + 9)), split(rs.getString(i + 10)),
                rs.getString(i + 11), Optional.ofNullable(rs.getString(i + 12)), instant(rs, i + 13), instant(rs, i + 14),
                Optional.ofNullable(instant(rs, i + 15)));
    }

    /** Revokes the grant and, through the revocation list, every JWT access token issued from it. */
    void revokeGrant(String grantId, Instant now) {
        run(c -> {
            Instant expires;
            try (PreparedStatement ps = c.prepareStatement("SELECT expires_at FROM gh_oauth_grant WHERE id = ?")) {
                ps.setString(1, grantId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    expires = instant(rs, 1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_grant SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setObject(1, ts(now));
                ps.setString(2, grantId);
                ps.executeUpdate();
            }
            insertRevoked(c, grantId, expires);
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_refresh_token SET used_at = ? WHERE grant_id = ? AND used_at IS NULL")) {
                ps.setObject(1, ts(now));
                ps.setString(2, grantId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** @return the ids of the live grants of a session */
    Set<String> grantsOfSession(String sessionId) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, scopes FROM gh_oauth_grant WHERE session_id = ? AND revoked_at IS NULL")) {
                ps.setString(1, sessionId);
                Set<String> ids = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!split(rs.getString(2)).contains("offline_access")) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                return ids;
            }
        });
    }

    // ---- revocation list ----

    private static void insertRevoked(Connection c, String id, Instant expires) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_revoked (id, expires_at) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setObject(2, ts(expires));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    void revoke(String id, Instant expires) {
        run(c -> {
            insertRevoked(c, id, expires);
            return null;
        });
    }

    /** @return whether any of the ids (a token id, the id of its grant) is on the revocation list */
    boolean anyRevoked(String first, String second) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM gh_oauth_revoked WHERE id IN (?, ?)")) {
                ps.setString(1, first);
                ps.setString(2, second == null ? first : second);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    // ---- authorization codes ----

    record Code(String grantId, String clientId, String redirectUri, Optional<String> codeChallenge, Optional<String> nonce, Instant expires) {}

    void insertCode(String digest, Code code) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_code (digest, grant_id, client_id, redirect_uri, code_challenge, nonce, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, digest);
                ps.setString(2, code.grantId());
                ps.setString(3, code.clientId());
                ps.setString(4, code.redirectUri());
                ps.setString(5, code.codeChallenge().orElse(null));
                ps.setString(6, code.nonce().orElse(null));
                ps.setObject(7, ts(code.expires()));
                ps.executeUpdate();
                return null;
            }
        });
    }

    /** The outcome of redeeming a code: the code, and whether this was its first use. */
    record Redeemed<T>(T value, boolean firstUse) {}

    Optional<Redeemed<Code>> redeemCode(String digest, Instant now) {
        return run(c -> {
            Code code;
            try (PreparedStatement ps = c.prepareStatement("SELECT grant_id, client_id, redirect_uri, code_challenge, nonce, expires_at FROM gh_oauth_code WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    code = new Code(rs.getString(1), rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                            Optional.ofNullable(rs.getString(5)), instant(rs, 6));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_code SET used_at = ? WHERE digest = ? AND used_at IS NULL")) {
                ps.setObject(1, ts(now));
                ps.setString(2, digest);
                return Optional.of(new Redeemed<>(code, ps.executeUpdate() == 1));
            }
        });
    }

    // ---- refresh tokens ----

    record RefreshToken(String grantId, String clientId, Set<String> scopes, Instant created, Instant expires) {}

    void insertRefreshToken(String digest, RefreshToken token) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_refresh_token (digest, grant_id, client_id, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, digest);
                ps.setString(2, token.grantId());
                ps.setString(3, token.clientId());
                ps.setString(4, join(token.scopes()));
                ps.setObject(5, ts(token.created()));
                ps.setObject(6, ts(token.expires()));
                ps.executeUpdate();
                return null;
            }
        });
    }

    Optional<RefreshToken> findRefreshToken(String digest) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT grant_id, client_id, scopes, created_at, expires_at, used_at FROM gh_oauth_refresh_token WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getObject(6) != null) {
                        return Optional.empty();
                    }
                    return Optional.of(new RefreshToken(rs.getString(1), rs.getString(2), split(rs.getString(3)), instant(rs, 4), instant(rs, 5)));
                }
            }
        });
    }

    /** A presented refresh token, its grant (empty once deleted) and whether this was its first use. */
    record RefreshRedemption(RefreshToken token, Optional<Grant> grant, boolean firstUse) {}

    /**
     * Marks the refresh token used and reads it together with its grant: the hot path of a refresh
     * in one connection and two statements. A second use is a replay (the caller revokes the family).
     */
    Optional<RefreshRedemption> redeemRefreshToken(String digest, Instant now) {
        return run(c -> {
            boolean firstUse;
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_refresh_token SET used_at = ? WHERE digest = ? AND used_at IS NULL")) {
                ps.setObject(1, ts(now));
                ps.setString(2, digest);
                firstUse = ps.executeUpdate() == 1;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT r.grant_id, r.client_id, r.scopes, r.created_at, r.expires_at, " + GRANT_COLUMNS
                    + " FROM gh_oauth_refresh_token r LEFT JOIN gh_oauth_grant g ON g.id = r.grant_id WHERE r.digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    RefreshToken token = new RefreshToken(rs.getString(1), rs.getString(2), split(rs.getString(3)), instant(rs, 4), instant(rs, 5));
                    Optional<Grant> grant = rs.getString(6) == null ? Optional.empty() : Optional.of(grant(rs, 6));
                    return Optional.of(new RefreshRedemption(token, grant, firstUse));
                }
            }
        });
    }

    // ---- opaque access tokens ----

    void insertOpaqueToken(String digest, String claimsJson, Instant expires) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_opaque_token (digest, claims, expires_at) VALUES (?, ?, ?)")) {
                ps.setString(1, digest);
                ps.setString(2, claimsJson);
                ps.setObject(3, ts(expires));
                ps.executeUpdate();
                return null;
            }
        });
    }

    Optional<String> findOpaqueToken(String digest, Instant now) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT claims FROM gh_oauth_opaque_token WHERE digest = ? AND expires_at > ?")) {
                ps.setString(1, digest);
                ps.setObject(2, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    void deleteOpaqueToken(String digest) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_oauth_opaque_token WHERE digest = ?")) {
                ps.setString(1, digest);
                ps.executeUpdate();
                return null;
            }
        });
    }

    // ---- pending authorization requests (login round trips, PAR) ----

    record Pending(String id, String clientId, String params, boolean pushed, Instant created, Instant expires, boolean used) {}

    void insertPending(Pending p) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_pending_request (id, client_id, params, pushed, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, p.id());
                ps.setString(2, p.clientId());
                ps.setString(3, p.params());
                ps.setBoolean(4, p.pushed());
                ps.setObject(5, ts(p.created()));
                ps.setObject(6, ts(p.expires()));
                ps.executeUpdate();
                return null;
            }
        });
    }

    Optional<Pending> findPending(String id, Instant now) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, client_id, params, pushed, created_at, expires_at, used_at FROM gh_oauth_pending_request WHERE id = ? AND expires_at > ?")) {
                ps.setString(1, id);
                ps.setObject(2, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), instant(rs, 5), instant(rs, 6), rs.getObject(7) != null));
                }
            }
        });
    }

    /** @return whether this call used the request (a pending request completes once) */
    boolean usePending(String id, Instant now) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_pending_request SET used_at = ? WHERE id = ? AND used_at IS NULL")) {
                ps.setObject(1, ts(now));
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    // ---- consent ----

    Set<String> consentedScopes(String orgId, UserRef user, String clientId) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT scopes FROM gh_oauth_consent WHERE org_id = ? AND user_domain = ? AND user_id = ? AND client_id = ?")) {
                ps.setString(1, orgId);
                ps.setString(2, user.domain());
                ps.setString(3, user.id());
                ps.setString(4, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? split(rs.getString(1)) : Set.of();
                }
            }
        });
    }

    void saveConsent(String orgId, UserRef user, String clientId, Set<String> scopes, Instant now) {
        run(c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_oauth_consent WHERE org_id = ? AND user_domain = ? AND user_id = ? AND client_id = ?")) {
                    ps.setString(1, orgId);
                    ps.setString(2, user.domain());
                    ps.setString(3, user.id());
                    ps.setString(4, clientId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_consent (org_id, user_domain, user_id, client_id, scopes, granted_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, orgId);
                    ps.setString(2, user.domain());
                    ps.setString(3, user.id());
                    ps.setString(4, clientId);
                    ps.setString(5, join(scopes));
                    ps.setObject(6, ts(now));
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    // ---- client assertion ids ----

    /** @return false when the client already used this assertion id (a replay) */
    boolean rememberAssertion(String clientId, String jti, Instant expires) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_assertion_jti (client_id, jti, expires_at) VALUES (?, ?, ?)")) {
                ps.setString(1, clientId);
                ps.setString(2, jti);
                ps.setObject(3, ts(expires));
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    // ---- device codes ----

    record DeviceCode(String digest, String userCode, String clientId, Set<String> scopes, String status, Optional<String> grantId,
            int intervalSeconds, Optional<Instant> lastPoll, Instant created, Instant expires) {}

    void insertDeviceCode(DeviceCode d) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_oauth_device_code (digest, user_code, client_id, scopes, status, interval_s, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.digest());
                ps.setString(2, d.userCode());
                ps.setString(3, d.clientId());
                ps.setString(4, join(d.scopes()));
                ps.setString(5, d.status());
                ps.setInt(6, d.intervalSeconds());
                ps.setObject(7, ts(d.created()));
                ps.setObject(8, ts(d.expires()));
                ps.executeUpdate();
                return null;
            }
        });
    }

    private static final String DEVICE_COLUMNS = "digest, user_code, client_id, scopes, status, grant_id, interval_s, last_poll_at, created_at, expires_at";

    private static DeviceCode device(ResultSet rs) throws SQLException {
        return new DeviceCode(rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)), rs.getString(5),
                Optional.ofNullable(rs.getString(6)), rs.getInt(7), Optional.ofNullable(instant(rs, 8)), instant(rs, 9), instant(rs, 10));
    }

    Optional<DeviceCode> findDeviceByUserCode(String userCode) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DEVICE_COLUMNS + " FROM gh_oauth_device_code WHERE user_code = ?")) {
                ps.setString(1, userCode);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(device(rs)) : Optional.empty();
                }
            }
        });
    }

    Optional<DeviceCode> findDevice(String digest) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + DEVICE_COLUMNS + " FROM gh_oauth_device_code WHERE digest = ?")) {
                ps.setString(1, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(device(rs)) : Optional.empty();
                }
            }
        });
    }

    /** @return whether the device code moved from {@code from} to {@code to} */
    boolean transitionDevice(String digest, String from, String to, String grantId) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_device_code SET status = ?, grant_id = COALESCE(?, grant_id) WHERE digest = ? AND status = ?")) {
                ps.setString(1, to);
                ps.setString(2, grantId);
                ps.setString(3, digest);
                ps.setString(4, from);
                return ps.executeUpdate() == 1;
            }
        });
    }

    void recordPoll(String digest, Instant now, int interval) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_oauth_device_code SET last_poll_at = ?, interval_s = ? WHERE digest = ?")) {
                ps.setObject(1, ts(now));
                ps.setInt(2, interval);
                ps.setString(3, digest);
                ps.executeUpdate();
                return null;
            }
        });
    }

    // ---- housekeeping ----

    /** Deletes what has expired; returns the number of rows removed. */
    int purge(Instant now) {
        return run(c -> {
            int n = 0;
            for (String table : new String[] {"gh_oauth_code", "gh_oauth_refresh_token", "gh_oauth_opaque_token", "gh_oauth_revoked",
                    "gh_oauth_pending_request", "gh_oauth_device_code", "gh_oauth_assertion_jti", "gh_oauth_grant"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at < ?")) {
                    ps.setObject(1, ts(now.minusSeconds(60)));
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }
}
