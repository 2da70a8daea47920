package org.gatehouse.core.internal.login;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.authn.LoginAttempts;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.event.IdentityEventTypes;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.core.internal.jdbc.Rows;
import org.gatehouse.core.login.AccountLocks;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed attempts per account name, in the database so every node counts the same failures. Names
 * are stored as digests and counted whether or not the account exists: a lock answers the same for
 * a real and an invented name. Each failure runs in one transaction with the row locked, so
 * concurrent guesses are all counted.
 */
@Component(service = {LoginAttempts.class, AccountLocks.class}, configurationPid = LockoutConfiguration.PID)
@Designate(ocd = LockoutConfiguration.class)
public final class LoginAttemptService implements LoginAttempts, AccountLocks {

    private static final Logger LOG = LoggerFactory.getLogger(LoginAttemptService.class);

    private final Database database;
    private final IdentityEventPublisher events;
    private final UserDirectory directory;
    private final Clock clock;
    private final boolean enabled;
    private final int maxFailures;
    private final Duration window;
    private final Duration lock;

    @Activate
    public LoginAttemptService(LockoutConfiguration config, @Reference Database database, @Reference IdentityEventPublisher events,
            @Reference UserDirectory directory) {
        this(database, events, directory, Clock.systemUTC(), config.enabled(), config.maxFailures(), Duration.ofSeconds(config.windowSeconds()),
                Duration.ofSeconds(config.lockSeconds()));
    }

    public LoginAttemptService(Database database, IdentityEventPublisher events, UserDirectory directory, Clock clock, boolean enabled,
            int maxFailures, Duration window, Duration lock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || lock.isNegative() || lock.isZero()) {
            throw new IllegalArgumentException("Lockout needs maxFailures >= 1 and a positive window and lock duration");
        }
        this.database = database;
        this.events = events;
        this.directory = directory;
        this.clock = clock;
        this.enabled = enabled;
        this.maxFailures = maxFailures;
        this.window = window;
        this.lock = lock;
        database.migrate("core", Migration.load(LoginAttemptService.class.getClassLoader(), "db/core"));
    }

    @Override
    public Optional<Instant> lockedUntil(OrganizationRef organization, String identifier) {
        if (!enabled) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT locked_until FROM gh_login_attempt WHERE org_id = ? AND identifier = ?")) {
            ps.setString(1, organization.id());
            ps.setString(2, key(identifier));
            try (ResultSet rs = ps.executeQuery()) {
                Instant until = rs.next() ? Rows.instant(rs, "locked_until") : null;
                return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<Instant> failed(OrganizationRef organization, String identifier) {
        if (!enabled) {
            return Optional.empty();
        }
        String key = key(identifier);
        for (int attempt = 0; ; attempt++) {
            try {
                Optional<Instant> lockedNow = recordFailure(organization, key);
                return lockedNow;
            } catch (SQLException e) {
                if (Rows.isUniqueViolation(e) && attempt == 0) {
                    continue; // a concurrent first failure inserted the row: count on it
                }
                throw unavailable(e);
            }
        }
    }

    private Optional<Instant> recordFailure(OrganizationRef organization, String key) throws SQLException {
        Instant now = clock.instant();
        Instant newLock = null;
        Instant result;
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Integer failures = null;
                Instant first = null;
                Instant until = null;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT failures, first_failure, locked_until FROM gh_login_attempt WHERE org_id = ? AND identifier = ? FOR UPDATE")) {
                    ps.setString(1, organization.id());
                    ps.setString(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            failures = rs.getInt(1);
                            first = Rows.instant(rs, "first_failure");
                            until = Rows.instant(rs, "locked_until");
                        }
                    }
                }
                if (failures == null) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO gh_login_attempt (org_id, identifier, failures, first_failure, locked_until) VALUES (?, ?, ?, ?, ?)")) {
                        ps.setString(1, organization.id());
                        ps.setString(2, key);
                        ps.setInt(3, 1);
                        Rows.setInstant(ps, 4, now);
                        newLock = maxFailures == 1 ? now.plus(lock) : null;
                        Rows.setInstant(ps, 5, newLock);
                        ps.executeUpdate();
                    }
                    result = newLock;
                } else if (until != null && until.isAfter(now)) {
                    result = until; // already locked: guesses during a lock neither count nor extend it
                } else {
                    boolean fresh = first == null || !first.plus(window).isAfter(now) || until != null;
                    int count = fresh ? 1 : failures + 1;
                    newLock = count >= maxFailures ? now.plus(lock) : null;
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE gh_login_attempt SET failures = ?, first_failure = ?, locked_until = ? WHERE org_id = ? AND identifier = ?")) {
                        ps.setInt(1, newLock != null ? 0 : count);
                        Rows.setInstant(ps, 2, fresh ? now : first);
                        Rows.setInstant(ps, 3, newLock);
                        ps.setString(4, organization.id());
                        ps.setString(5, key);
                        ps.executeUpdate();
                    }
                    result = newLock;
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        if (newLock != null) {
            LOG.info("An account name in organization {} is locked until {} after {} failed attempts", organization.handle(), newLock, maxFailures);
            events.publish(new IdentityEvent(UUID.randomUUID().toString(), IdentityEventTypes.ACCOUNT_LOCKED, now, organization, Optional.empty(),
                    Map.of("identifierDigest", key, "lockedUntil", newLock.toString())));
        }
        return Optional.ofNullable(result);
    }

    @Override
    public void succeeded(OrganizationRef organization, String identifier) {
        if (!enabled) {
            return;
        }
        delete(organization, key(identifier), false);
    }

    @Override
    public boolean unlock(OrganizationRef organization, String username) {
        boolean lifted = delete(organization, key(username), true);
        if (lifted) {
            events.publish(new IdentityEvent(UUID.randomUUID().toString(), IdentityEventTypes.ACCOUNT_UNLOCKED, clock.instant(), organization,
                    Optional.empty(), Map.of("identifierDigest", key(username))));
        }
        return lifted;
    }

    /** @param lockedOnly delete only a row that holds a running lock (an unlock), else any row (a success) */
    private boolean delete(OrganizationRef organization, String key, boolean lockedOnly) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM gh_login_attempt WHERE org_id = ? AND identifier = ?"
                        + (lockedOnly ? " AND locked_until > ?" : ""))) {
            ps.setString(1, organization.id());
            ps.setString(2, key);
            if (lockedOnly) {
                Rows.setInstant(ps, 3, clock.instant());
            }
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Deletes rows whose window and lock have both run out. @return how many */
    public int purge() {
        Instant now = clock.instant();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM gh_login_attempt WHERE first_failure < ? AND (locked_until IS NULL OR locked_until < ?)")) {
            Rows.setInstant(ps, 1, now.minus(window));
            Rows.setInstant(ps, 2, now);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Case-insensitive, surrounding blanks ignored, qualified with the primary store's domain when
     * typed without one ({@code alice} and {@code PRIMARY/alice} are one account); a digest, so the
     * table names nobody.
     */
    String key(String identifier) {
        String name = identifier == null ? "" : identifier.strip().toLowerCase(Locale.ROOT);
        if (name.indexOf('/') < 0) {
            name = primaryDomain().toLowerCase(Locale.ROOT) + "/" + name;
        }
        return Secrets.digest(name);
    }

    private String primaryDomain() {
        try {
            return directory.primary().descriptor().domain();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException("Login attempts cannot be counted: " + e.getMessage(), e);
    }
}
