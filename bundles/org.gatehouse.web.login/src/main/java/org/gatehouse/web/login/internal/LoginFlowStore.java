package org.gatehouse.web.login.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;

/**
 * The pages' part of logins in the database ({@code gh_login_flow}), so that a login begun on one
 * node continues on another. A row lives as long as its login request: deleting the request (the
 * core purges expired ones) deletes it.
 */
final class LoginFlowStore {

    static final String MODULE = "web.login";

    private final Database database;
    private final Clock clock;

    LoginFlowStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        database.migrate(MODULE, Migration.load(LoginFlowStore.class.getClassLoader(), "db/web.login"));
    }

    Optional<LoginFlow> find(String requestId) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT stage, csrf_token FROM gh_login_flow WHERE request_id = ?")) {
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
                return Optional.of(new LoginFlow(requestId, stage, rs.getString(2)));
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
        LoginFlow flow = new LoginFlow(requestId, LoginFlow.Stage.NEW, Secrets.generate(32));
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_login_flow (request_id, stage, csrf_token, updated_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, requestId);
            ps.setString(2, flow.stage().name());
            ps.setString(3, flow.csrfToken());
            ps.setObject(4, now());
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

    void stage(String requestId, LoginFlow.Stage stage) {
        update("UPDATE gh_login_flow SET stage = ?, updated_at = ? WHERE request_id = ?", ps -> {
            ps.setString(1, stage.name());
            ps.setObject(2, now());
            ps.setString(3, requestId);
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
}
