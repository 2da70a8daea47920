package org.gatehouse.core.internal.session;

import org.gatehouse.core.internal.jdbc.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessionListener;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single sign-on sessions in the database, so that every node sees every session. The cookie value
 * is a 256-bit random secret stored only as its SHA-256 digest (a unique, indexed column: resolving
 * is one lookup); the public session id ({@code sid}) is a separate random value.
 *
 * <p>A session is live while it has not ended, its absolute lifetime has not passed and it was used
 * within the idle timeout. "Used" is recorded at most once a minute per session, so that browsing
 * does not cost a write per request. Expired and ended rows are deleted periodically.
 *
 * <p>Re-authentication as the same user replaces the session quietly (its applications move to the
 * new session); as someone else, the old session's listeners hear that it ended.
 */
@Component(service = SsoSessions.class, configurationPid = SessionConfiguration.PID)
@Designate(ocd = SessionConfiguration.class)
public final class SsoSessionService implements SsoSessions, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SsoSessionService.class);
    /** Minimum gap between two writes of {@code last_seen} for one session. */
    static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);
    /** How long an ended session's row stays (for diagnostics) before the purge deletes it. */
    static final Duration ENDED_RETENTION = Duration.ofHours(1);

    private static final String COLUMNS = "id, org_id, user_domain, user_id, username, auth_time, amr, acr, created_at, last_seen, expires_at";

    private final Database database;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteLifetime;
    private final List<SsoSessionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final ScheduledExecutorService purger;

    @Activate
    public SsoSessionService(SessionConfiguration config, @Reference Database database) {
        this(database, Clock.systemUTC(), Duration.ofMinutes(config.idleTimeoutMinutes()),
                Duration.ofMinutes(config.absoluteLifetimeMinutes()), Duration.ofMinutes(config.purgeIntervalMinutes()));
    }

    public SsoSessionService(Database database, Clock clock, Duration idleTimeout, Duration absoluteLifetime, Duration purgeInterval) {
        this.database = database;
        this.clock = clock;
        this.idleTimeout = positive(idleTimeout, "idle timeout");
        this.absoluteLifetime = positive(absoluteLifetime, "absolute lifetime");
        database.migrate("core", Migration.load(SsoSessionService.class.getClassLoader(), "db/core"));
        this.notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                daemon("gatehouse-session-listeners"), (r, e) -> LOG.error("Session listener queue full: a session end was not announced"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemon("gatehouse-session-purge"));
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long every = positive(purgeInterval, "purge interval").toMillis();
        scheduler.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.MILLISECONDS);
        this.purger = scheduler;
    }

    static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("The " + what + " must be positive: " + d);
        }
        return d;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindListener(SsoSessionListener listener) {
        listeners.add(listener);
    }

    public void unbindListener(SsoSessionListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Established establish(OrganizationRef organization, UserRef user, Set<String> amr, String acr, RequestInfo request,
            Optional<String> replacing) {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(user, "user");
        RequestInfo info = request == null ? new RequestInfo("", "", Optional.empty()) : request;
        Instant now = clock.instant();
        String sid = Secrets.generate(32);
        String cookieValue = Secrets.generate(32);
        SsoSession replaced = null;
        Set<String> clients = new LinkedHashSet<>();
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (replacing != null && replacing.isPresent() && Rows.isHandle(replacing.get())) {
                    Optional<SsoSession> old = load(c, "id = ?", replacing.get());
                    if (old.isPresent() && endRow(c, old.get().id(), now)) {
                        replaced = old.get();
                        if (sameUser(replaced, organization, user)) {
                            clients.addAll(replaced.clients());
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_sso_session (id, org_id, cookie_digest, user_domain, user_id, username,"
                        + " auth_time, amr, acr, client_address, user_agent, created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, sid);
                    ps.setString(2, organization.id());
                    ps.setString(3, Secrets.digest(cookieValue));
                    ps.setString(4, user.domain());
                    ps.setString(5, user.id());
                    ps.setString(6, Rows.truncate(user.username(), 255));
                    Rows.setInstant(ps, 7, now);
                    ps.setString(8, Rows.joinWords(new java.util.TreeSet<>(amr)));
                    ps.setString(9, acr == null ? "" : acr);
                    ps.setString(10, Rows.truncate(info.clientAddress(), 64));
                    ps.setString(11, Rows.truncate(info.userAgent(), 512));
                    Rows.setInstant(ps, 12, now);
                    Rows.setInstant(ps, 13, now);
                    Rows.setInstant(ps, 14, now.plus(absoluteLifetime));
                    ps.executeUpdate();
                }
                for (String client : clients) {
                    insertClient(c, sid, client, now);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the session: " + e.getMessage(), e);
        }
        if (replaced != null && !sameUser(replaced, organization, user)) {
            announceEnd(replaced);
        }
        SsoSession session = new SsoSession(sid, organization.id(), user, now, amr, acr, now, now, now.plus(absoluteLifetime), clients);
        LOG.debug("Session {} established for {}/{}", sid, user.domain(), user.id());
        return new Established(session, cookieValue, absoluteLifetime);
    }

    private static boolean sameUser(SsoSession session, OrganizationRef org, UserRef user) {
        return session.organizationId().equals(org.id()) && session.user().domain().equals(user.domain())
                && session.user().id().equals(user.id());
    }

    @Override
    public Optional<SsoSession> resolve(String cookieValue) {
        if (!Rows.isHandle(cookieValue)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection()) {
            Optional<SsoSession> found = live(load(c, "cookie_digest = ?", Secrets.digest(cookieValue)), now);
            if (found.isEmpty()) {
                return found;
            }
            SsoSession s = found.get();
            if (!now.isBefore(s.lastSeen().plus(SEEN_GRANULARITY))) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE gh_sso_session SET last_seen = ? WHERE id = ? AND last_seen < ?")) {
                    Rows.setInstant(ps, 1, now);
                    ps.setString(2, s.id());
                    Rows.setInstant(ps, 3, now.minus(SEEN_GRANULARITY).plusNanos(1));
                    ps.executeUpdate();
                }
                s = new SsoSession(s.id(), s.organizationId(), s.user(), s.authTime(), s.amr(), s.acr(), s.created(), now, s.expires(), s.clients());
            }
            return Optional.of(s);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read sessions: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<SsoSession> find(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 64) {
            return Optional.empty();
        }
        try (Connection c = database.dataSource().getConnection()) {
            return live(load(c, "id = ?", sessionId), clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read sessions: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SsoSession> sessionsOf(OrganizationRef organization, UserRef user) {
        Instant now = clock.instant();
        List<SsoSession> result = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM gh_sso_session WHERE org_id = ? AND user_domain = ? AND user_id = ?"
                        + " AND ended_at IS NULL AND expires_at > ? AND last_seen > ? ORDER BY created_at DESC, id")) {
            ps.setString(1, organization.id());
            ps.setString(2, user.domain());
            ps.setString(3, user.id());
            Rows.setInstant(ps, 4, now);
            Rows.setInstant(ps, 5, now.minus(idleTimeout));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(map(rs, Set.of()));
                }
            }
            List<SsoSession> withClients = new ArrayList<>(result.size());
            for (SsoSession s : result) {
                withClients.add(withClients(s, clientsOf(c, s.id())));
            }
            return withClients;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read sessions: " + e.getMessage(), e);
        }
    }

    @Override
    public void join(String sessionId, String clientId) {
        Objects.requireNonNull(clientId, "clientId");
        if (find(sessionId).isEmpty()) {
            return;
        }
        try (Connection c = database.dataSource().getConnection()) {
            if (!clientsOf(c, sessionId).contains(clientId)) {
                insertClient(c, sessionId, clientId, clock.instant());
            }
        } catch (SQLException e) {
            if (!Rows.isUniqueViolation(e)) {
                throw new IllegalStateException("Cannot record the application in the session: " + e.getMessage(), e);
            }
            // joined concurrently by another request: already recorded
        }
    }

    @Override
    public boolean end(String sessionId) {
        if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 64) {
            return false;
        }
        Instant now = clock.instant();
        SsoSession ended;
        try (Connection c = database.dataSource().getConnection()) {
            Optional<SsoSession> session = load(c, "id = ?", sessionId);
            if (session.isEmpty() || !endRow(c, sessionId, now)) {
                return false;
            }
            ended = session.get();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot end the session: " + e.getMessage(), e);
        }
        announceEnd(ended);
        return true;
    }

    /** Deletes expired, idle and long-ended sessions. @return how many */
    public int purge() {
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_sso_session WHERE expires_at <= ? OR last_seen <= ? OR ended_at <= ?")) {
            Rows.setInstant(ps, 1, now);
            Rows.setInstant(ps, 2, now.minus(idleTimeout));
            Rows.setInstant(ps, 3, now.minus(ENDED_RETENTION));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot purge sessions: " + e.getMessage(), e);
        }
    }

    private void purgeQuietly() {
        try {
            int n = purge();
            if (n > 0) {
                LOG.debug("Purged {} sessions", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Purging sessions failed: {}", e.getMessage());
        }
    }

    private void announceEnd(SsoSession session) {
        for (SsoSessionListener listener : listeners) {
            notifier.execute(() -> {
                try {
                    listener.sessionEnded(session);
                } catch (RuntimeException e) {
                    LOG.error("Session listener {} failed for session {}", listener.getClass().getName(), session.id(), e);
                }
            });
        }
    }

    private Optional<SsoSession> live(Optional<SsoSession> session, Instant now) {
        return session.filter(s -> now.isBefore(s.expires()) && now.isBefore(s.lastSeen().plus(idleTimeout)));
    }

    /** Loads one session (not ended) with its clients. */
    private Optional<SsoSession> load(Connection c, String where, String value) throws SQLException {
        SsoSession s;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM gh_sso_session WHERE " + where + " AND ended_at IS NULL")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                s = map(rs, Set.of());
            }
        }
        return Optional.of(withClients(s, clientsOf(c, s.id())));
    }

    private static boolean endRow(Connection c, String sessionId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE gh_sso_session SET ended_at = ? WHERE id = ? AND ended_at IS NULL")) {
            Rows.setInstant(ps, 1, now);
            ps.setString(2, sessionId);
            return ps.executeUpdate() == 1;
        }
    }

    private static Set<String> clientsOf(Connection c, String sessionId) throws SQLException {
        Set<String> clients = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT client_id FROM gh_sso_session_client WHERE session_id = ? ORDER BY joined_at, client_id")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    clients.add(rs.getString(1));
                }
            }
        }
        return clients;
    }

    private static void insertClient(Connection c, String sessionId, String clientId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_sso_session_client (session_id, client_id, joined_at) VALUES (?, ?, ?)")) {
            ps.setString(1, sessionId);
            ps.setString(2, clientId);
            Rows.setInstant(ps, 3, now);
            ps.executeUpdate();
        }
    }

    private static SsoSession map(ResultSet rs, Set<String> clients) throws SQLException {
        return new SsoSession(rs.getString("id"), rs.getString("org_id"),
                new UserRef(rs.getString("user_domain"), rs.getString("user_id"), rs.getString("username")),
                Rows.instant(rs, "auth_time"), new LinkedHashSet<>(Rows.words(rs.getString("amr"))), rs.getString("acr"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "last_seen"), Rows.instant(rs, "expires_at"), clients);
    }

    private static SsoSession withClients(SsoSession s, Set<String> clients) {
        return new SsoSession(s.id(), s.organizationId(), s.user(), s.authTime(), s.amr(), s.acr(), s.created(), s.lastSeen(), s.expires(), clients);
    }

    @Deactivate
    @Override
    public void close() {
        purger.shutdownNow();
        notifier.shutdown();
        try {
            if (!notifier.awaitTermination(5, TimeUnit.SECONDS)) {
                notifier.shutdownNow();
            }
        } catch (InterruptedException e) {
            notifier.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
