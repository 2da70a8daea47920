package org.gatehouse.core.internal.session;

import org.gatehouse.core.internal.jdbc.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login hand-overs in the database: the browser carries only a 256-bit random id, so a request
 * cannot be tampered with and any node can serve the login page. A request lives for a few
 * minutes from {@code begin}; expired rows are deleted periodically. Shares the configuration
 * {@value SessionConfiguration#PID}, which {@link SsoSessionService} designates.
 */
@Component(service = LoginRequests.class, configurationPid = SessionConfiguration.PID)
public final class LoginRequestService implements LoginRequests, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoginRequestService.class);

    private final Database database;
    private final Clock clock;
    private final Duration lifetime;
    private final ScheduledThreadPoolExecutor purger;

    @Activate
    public LoginRequestService(SessionConfiguration config, @Reference Database database) {
        this(database, Clock.systemUTC(), Duration.ofMinutes(config.loginRequestLifetimeMinutes()), Duration.ofMinutes(config.purgeIntervalMinutes()));
    }

    public LoginRequestService(Database database, Clock clock, Duration lifetime, Duration purgeInterval) {
        this.database = database;
        this.clock = clock;
        this.lifetime = SsoSessionService.positive(lifetime, "login request lifetime");
        database.migrate("core", Migration.load(LoginRequestService.class.getClassLoader(), "db/core"));
        purger = new ScheduledThreadPoolExecutor(1, SsoSessionService.daemon("gatehouse-login-request-purge"));
        purger.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long every = SsoSessionService.positive(purgeInterval, "purge interval").toMillis();
        purger.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public String begin(LoginRequest request) {
        Objects.requireNonNull(request, "request");
        String id = Secrets.generate(32);
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO gh_login_request (id, org_id, org_handle, app_id, app_client_id, app_name, return_to,"
                        + " force_authn, select_account, max_age_seconds, login_hint, ui_locales, acr_values, created_at, expires_at, enrol)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, request.organization().id());
            ps.setString(3, request.organization().handle());
            ps.setString(4, request.application().id());
            ps.setString(5, request.application().clientId());
            ps.setString(6, Rows.truncate(request.application().name(), 255));
            if (request.returnTo().length() > 4096) {
                throw new IllegalArgumentException("returnTo is longer than 4096 characters");
            }
            ps.setString(7, request.returnTo());
            ps.setBoolean(8, request.forceAuthentication());
            ps.setBoolean(9, request.selectAccount());
            if (request.maxAge().isPresent()) {
                ps.setLong(10, Math.max(0, request.maxAge().get().getSeconds()));
            } else {
                ps.setNull(10, Types.BIGINT);
            }
            ps.setString(11, request.loginHint().map(h -> Rows.truncate(h, 255)).orElse(null));
            ps.setString(12, Rows.truncate(Rows.joinWords(request.uiLocales()), 255));
            ps.setString(13, Rows.truncate(Rows.joinWords(request.acrValues()), 1024));
            // created is the protocol's clock; the lifetime counts from when the request was stored
            Rows.setInstant(ps, 14, request.created());
            Rows.setInstant(ps, 15, now.plus(lifetime));
            if (request.enrol().map(String::length).orElse(0) > 100) {
                throw new IllegalArgumentException("An authenticator id is at most 100 characters");
            }
            ps.setString(16, request.enrol().orElse(null));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the login request: " + e.getMessage(), e);
        }
        return id;
    }

    @Override
    public Optional<LoginRequest> find(String id) {
        if (!Rows.isHandle(id)) {
            return Optional.empty();
        }
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM gh_login_request WHERE id = ? AND expires_at > ?")) {
            ps.setString(1, id);
            Rows.setInstant(ps, 2, clock.instant());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long maxAge = rs.getLong("max_age_seconds");
                Optional<Duration> maxAgeValue = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(maxAge));
                return Optional.of(new LoginRequest(
                        new OrganizationRef(rs.getString("org_id"), rs.getString("org_handle")),
                        new ApplicationRef(rs.getString("app_id"), rs.getString("app_client_id"), rs.getString("app_name")),
                        rs.getString("return_to"),
                        rs.getBoolean("force_authn"),
                        rs.getBoolean("select_account"),
                        maxAgeValue,
                        Optional.ofNullable(rs.getString("login_hint")),
                        Rows.words(rs.getString("ui_locales")),
                        Rows.words(rs.getString("acr_values")),
                        Rows.instant(rs, "created_at"),
                        Optional.ofNullable(rs.getString("enrol"))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the login request: " + e.getMessage(), e);
        }
    }

    /** Deletes expired requests. @return how many */
    public int purge() {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_login_request WHERE expires_at <= ?")) {
            Rows.setInstant(ps, 1, clock.instant());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot purge login requests: " + e.getMessage(), e);
        }
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warn("Purging login requests failed: {}", e.getMessage());
        }
    }

    @Deactivate
    @Override
    public void close() {
        purger.shutdownNow();
    }
}
