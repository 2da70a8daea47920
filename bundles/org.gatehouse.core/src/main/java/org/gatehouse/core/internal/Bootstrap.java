package org.gatehouse.core.internal;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.WritableUserStore;
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
 * First start: creates the administrator (a member of {@value #ADMIN_GROUP}) when the primary store
 * of the root organization is empty, and records the machine client that automation uses. Runs on
 * every start but changes nothing once done; a secret given by the environment replaces the
 * recorded one, so an operator can rotate it.
 */
@Component(service = Bootstrap.class, immediate = true, configurationPid = BootstrapConfiguration.PID)
@Designate(ocd = BootstrapConfiguration.class)
public final class Bootstrap {

    /** Members of this group of the root organization administer the server. */
    public static final String ADMIN_GROUP = "gatehouse-admins";
    /** What the machine client may do once OAuth 2 turns it into a client-credentials client. */
    static final String CLIENT_SCOPES = "gatehouse:admin";

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);
    private static final OrganizationRef ROOT = OrganizationRef.root();

    private final Database database;
    private final WritableUserStore primary;
    private final PrintStream console;

    @Activate
    public Bootstrap(BootstrapConfiguration config, @Reference Database database,
            @Reference(target = "(domain=PRIMARY)") WritableUserStore primary) {
        this(config, System.getenv(), database, primary, System.out);
    }

    Bootstrap(BootstrapConfiguration config, Map<String, String> env, Database database, WritableUserStore primary, PrintStream console) {
        this.database = database;
        this.primary = primary;
        this.console = console;
        database.migrate("core", Migration.load(Bootstrap.class.getClassLoader(), "db/core"));
        bootstrapAdmin(setting(env, "GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME", config.admin_username()),
                setting(env, "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", config.admin_password()));
        bootstrapClient(setting(env, "GATEHOUSE_BOOTSTRAP_CLIENT_ID", config.client_id()),
                setting(env, "GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", config.client_secret()));
    }

    private static String setting(Map<String, String> env, String name, String configured) {
        String value = env.get(name);
        return value != null && !value.isBlank() ? value : configured == null ? "" : configured;
    }

    private void bootstrapAdmin(String username, String password) {
        if (stepDone("admin")) {
            return;
        }
        if (primary.searchUsers(ROOT, Query.all(0, 0)).totalResults() > 0) {
            LOG.info("The primary user store already has users: no administrator created");
            markDone("admin");
            return;
        }
        boolean generated = password.isEmpty();
        String effective = generated ? Secrets.generate(18) : password;
        User admin;
        try {
            admin = primary.createUser(ROOT, new NewUser(username, true,
                    UserProfile.builder().displayName("Administrator").build(), Optional.of(effective.toCharArray())));
        } catch (UniquenessConflictException e) {
            LOG.info("Administrator '{}' was created by another node", username);
            return;
        }
        Group admins = primary.findGroupByName(ROOT, ADMIN_GROUP).orElseGet(() -> createAdminGroup());
        primary.addMember(ROOT, admins.id(), admin.id());
        markDone("admin");
        if (generated) {
            announce("Administrator created: username '" + username + "', password '" + effective + "'",
                    "The password is shown only this once. Set GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD to choose it.");
        } else {
            LOG.info("Administrator '{}' created with the password from the configuration", username);
        }
    }

    private Group createAdminGroup() {
        try {
            return primary.createGroup(ROOT, new NewGroup(ADMIN_GROUP, "Administrators of this Gatehouse server"));
        } catch (UniquenessConflictException e) {
            return primary.findGroupByName(ROOT, ADMIN_GROUP).orElseThrow();
        }
    }

    private void bootstrapClient(String clientId, String secret) {
        Optional<String> recorded = recordedClientDigest(clientId);
        if (recorded.isPresent() && (secret.isEmpty() || Secrets.matches(secret, recorded.get()))) {
            return;
        }
        boolean generated = secret.isEmpty();
        String effective = generated ? Secrets.generate(32) : secret;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        run(recorded.isPresent()
                ? "UPDATE gh_bootstrap_client SET secret_digest = ?, updated_at = ? WHERE org_id = ? AND client_id = ?"
                : "INSERT INTO gh_bootstrap_client (secret_digest, updated_at, org_id, client_id, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                ps -> {
                    ps.setString(1, Secrets.digest(effective));
                    ps.setObject(2, now);
                    ps.setString(3, ROOT.id());
                    ps.setString(4, clientId);
                    if (recorded.isEmpty()) {
                        ps.setString(5, CLIENT_SCOPES);
                        ps.setObject(6, now);
                    }
                });
        if (generated) {
            announce("Machine client recorded: client_id '" + clientId + "', client_secret '" + effective + "'",
                    "The secret is shown only this once. Set GATEHOUSE_BOOTSTRAP_CLIENT_SECRET to choose it.");
        } else {
            LOG.info("Machine client '{}' recorded with the secret from the configuration", clientId);
        }
    }

    /** Printed on the console, not only logged: an operator starting the server must see it. */
    private void announce(String what, String note) {
        String line = "=".repeat(Math.max(what.length(), note.length()) + 4);
        console.println(line + "\n  " + what + "\n  " + note + "\n" + line);
        LOG.warn("{} -- {}", what.replaceAll("'[^']*'$", "'(printed on the console)'"), note);
    }

    private Optional<String> recordedClientDigest(String clientId) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT secret_digest FROM gh_bootstrap_client WHERE org_id = ? AND client_id = ?")) {
            ps.setString(1, ROOT.id());
            ps.setString(2, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the bootstrap client", e);
        }
    }

    private boolean stepDone(String step) {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM gh_bootstrap_step WHERE name = ?")) {
            ps.setString(1, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the bootstrap state", e);
        }
    }

    private void markDone(String step) {
        try {
            run("INSERT INTO gh_bootstrap_step (name, done_at) VALUES (?, ?)", ps -> {
                ps.setString(1, step);
                ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            });
        } catch (IllegalStateException e) {
            // another node marked it first
            LOG.debug("Bootstrap step {} was marked by another node", step);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void run(String sql, Binder binder) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Bootstrap failed: " + e.getMessage(), e);
        }
    }

    /** @return the recorded client's digest, for tests */
    Optional<String> clientDigest(String clientId) {
        return recordedClientDigest(clientId);
    }
}
