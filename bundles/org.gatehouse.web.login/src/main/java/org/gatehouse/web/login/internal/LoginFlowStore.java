package org.gatehouse.web.login.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;

/**
 * Login flows in the database ({@code gh_login_flow}), so that a login begun on one node continues on
 * another. A flow row lives as long as its login request: deleting the request (the core purges
 * expired ones) deletes the flow.
 */
final class LoginFlowStore {

    static final String MODULE = "web.login";
    /** The step state is small by contract; the column holds this much once encoded. */
    static final int MAX_STATE = 8192;

    private final Database database;
    private final Clock clock;

    LoginFlowStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        database.migrate(MODULE, Migration.load(LoginFlowStore.class.getClassLoader(), "db/web.login"));
    }

    Optional<LoginFlow> find(String requestId) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT stage, authenticator_id, step_state, csrf_token, attempts FROM gh_login_flow WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                LoginFlow.Stage stage;
                try {
                    stage = LoginFlow.Stage.valueOf(rs.getString(1));
                } catch (IllegalArgumentException e) {
                    stage = LoginFlow.Stage.ENDED;
                }
                return Optional.of(new LoginFlow(requestId, stage, rs.getString(2), decode(rs.getString(3)), rs.getString(4), rs.getInt(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the login flow: " + e.getMessage(), e);
        }
    }

    /** @return the request's flow, opened now (stage NEW, a fresh form token) if it has none */
    LoginFlow open(String requestId) {
        Optional<LoginFlow> existing = find(requestId);
        if (existing.isPresent()) {
            return existing.get();
        }
        LoginFlow flow = new LoginFlow(requestId, LoginFlow.Stage.NEW, "", Map.of(), Secrets.generate(32), 0);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_login_flow (request_id, stage, authenticator_id, step_state, csrf_token, attempts, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, 0, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, flow.stage().name());
            ps.setString(3, "");
            ps.setString(4, "");
            ps.setString(5, flow.csrfToken());
            ps.setObject(6, now());
            ps.executeUpdate();
            return flow;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                // opened at the same moment by another request of the same browser
                return find(requestId).orElseThrow(() -> new IllegalStateException("The login flow vanished", e));
            }
            throw new IllegalStateException("Cannot store the login flow: " + e.getMessage(), e);
        }
    }

    /** Stores the stage, step and state (not the attempts, which only {@link #countFailure} changes). */
    void save(LoginFlow flow) {
        String state = encode(flow.state());
        if (state.length() > MAX_STATE) {
            throw new IllegalStateException("The step state of " + flow.authenticatorId() + " is larger than " + MAX_STATE + " characters");
        }
        update("UPDATE gh_login_flow SET stage = ?, authenticator_id = ?, step_state = ?, updated_at = ? WHERE request_id = ?", ps -> {
            ps.setString(1, flow.stage().name());
            ps.setString(2, flow.authenticatorId());
            ps.setString(3, state);
            ps.setObject(4, now());
            ps.setString(5, flow.requestId());
        });
    }

    /** Counts a failed answer, atomically across nodes. @return the failures so far */
    int countFailure(String requestId) {
        update("UPDATE gh_login_flow SET attempts = attempts + 1, updated_at = ? WHERE request_id = ?", ps -> {
            ps.setObject(1, now());
            ps.setString(2, requestId);
        });
        return find(requestId).map(LoginFlow::attempts).orElse(Integer.MAX_VALUE);
    }

    void end(String requestId) {
        update("UPDATE gh_login_flow SET stage = 'ENDED', step_state = '', updated_at = ? WHERE request_id = ?", ps -> {
            ps.setObject(1, now());
            ps.setString(2, requestId);
        });
    }

    void delete(String requestId) {
        update("DELETE FROM gh_login_flow WHERE request_id = ?", ps -> ps.setString(1, requestId));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot update the login flow: " + e.getMessage(), e);
        }
    }

    static String encode(Map<String, String> state) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : state.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> state = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return state;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                state.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return state;
    }
}
