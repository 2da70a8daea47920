package org.gatehouse.application.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.application.Application;
import org.gatehouse.application.ApplicationConflictException;
import org.gatehouse.application.ApplicationNotFoundException;
import org.gatehouse.application.ApplicationTemplate;
import org.gatehouse.application.Applications;
import org.gatehouse.application.ClientMetadata;
import org.gatehouse.application.CreatedApplication;
import org.gatehouse.application.InvalidClientMetadataException;
import org.gatehouse.application.internal.TemplateRules.Origin;
import org.gatehouse.application.internal.TemplateRules.Parsed;
import org.gatehouse.crypto.SecretEncryption;
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
 * Applications in the database ({@code gh_application}), served by client id from an
 * {@link ApplicationCache}. Secrets are kept as digests; only {@code client_secret_jwt} needs the
 * secret itself (HMAC), which is then sealed under the master key instead.
 */
@Component(service = {Applications.class, MachineClients.class}, configurationPid = ApplicationsConfiguration.PID)
@Designate(ocd = ApplicationsConfiguration.class)
public final class JdbcApplications implements Applications, MachineClients {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcApplications.class);
    static final String MODULE = "application";
    private static final int SECRET_BYTES = 32;
    private static final int CLIENT_ID_BYTES = 16;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, org_id, client_id, name, template, metadata, secret_digest, secret_sealed,"
            + " registration_token_digest, bootstrap_digest, version, created_at, updated_at";

    private final Database database;
    private final SecretEncryption encryption;
    private final Clock clock;
    private final ApplicationCache cache;

    @Activate
    public JdbcApplications(ApplicationsConfiguration config, @Reference Database database, @Reference SecretEncryption encryption) {
        this(database, encryption, Clock.systemUTC(), Duration.ofSeconds(config.cacheTtlSeconds()), config.cacheMaxEntries());
    }

    JdbcApplications(Database database, SecretEncryption encryption, Clock clock, Duration cacheTtl, int cacheMaxEntries) {
        this.database = database;
        this.encryption = encryption;
        this.clock = clock;
        this.cache = new ApplicationCache(clock, cacheTtl, cacheMaxEntries);
        database.migrate(MODULE, Migration.load(JdbcApplications.class.getClassLoader(), "db/" + MODULE));
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Override
    public List<Application> list(OrganizationRef organization) {
        List<Application> result = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM gh_application WHERE org_id = ? ORDER BY name, client_id", ps -> ps.setString(1, organization.id()),
                rs -> result.add(read(rs).application()));
        return result;
    }

    @Override
    public Optional<Application> findByClientId(String clientId) {
        return stored(clientId).map(StoredApplication::application);
    }

    private Optional<StoredApplication> stored(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 255) {
            return Optional.empty();
        }
        return cache.get(clientId, this::load);
    }

    /** The application as stored now, bypassing the cache (for changes). */
    private Optional<StoredApplication> load(String clientId) {
        List<StoredApplication> found = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM gh_application WHERE client_id = ?", ps -> ps.setString(1, clientId), rs -> found.add(read(rs)));
        return found.stream().findFirst();
    }

    private StoredApplication current(OrganizationRef organization, String clientId) {
        return load(clientId).filter(s -> s.application().organizationId().equals(organization.id()))
                .orElseThrow(() -> new ApplicationNotFoundException(clientId));
    }

    @Override
    public Map<String, Object> describe(Application application) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_id", application.clientId());
        out.put("client_name", application.name());
        out.put("template", application.template().id());
        out.put("client_id_issued_at", application.created().getEpochSecond());
        out.putAll(MetadataJson.toMap(application.metadata()));
        return out;
    }

    @Override
    public boolean verifySecret(Application application, String presentedSecret) {
        if (presentedSecret == null) {
            return false;
        }
        Optional<StoredApplication> stored = same(application);
        if (stored.isEmpty()) {
            return false;
        }
        StoredApplication s = stored.get();
        if (s.secretDigest() != null) {
            return Secrets.matches(presentedSecret, s.secretDigest());
        }
        if (s.secretSealed() != null) {
            byte[] secret = openSecret(s);
            return MessageDigest.isEqual(secret, presentedSecret.getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }

    @Override
    public Optional<byte[]> sharedSecret(Application application) {
        return same(application).filter(s -> s.secretSealed() != null).map(this::openSecret);
    }

    @Override
    public boolean verifyRegistrationAccessToken(Application application, String presentedToken) {
        if (presentedToken == null) {
            return false;
        }
        return same(application).map(StoredApplication::registrationTokenDigest)
                .map(digest -> Secrets.matches(presentedToken, digest))
                .orElse(false);
    }

    /** The stored form of exactly this application: not a newer one that reused its client id. */
    private Optional<StoredApplication> same(Application application) {
        return stored(application.clientId()).filter(s -> s.application().id().equals(application.id()));
    }

    // ---- changes --------------------------------------------------------------------------------

    @Override
    public CreatedApplication create(OrganizationRef organization, ApplicationTemplate template, Map<String, Object> metadata,
            boolean viaDynamicRegistration) {
        Parsed parsed = TemplateRules.apply(template, metadata, viaDynamicRegistration ? Origin.DYNAMIC_REGISTRATION : Origin.MANAGEMENT);
        String clientId = parsed.clientId().orElseGet(() -> Secrets.generate(CLIENT_ID_BYTES));
        String id = UUID.randomUUID().toString();
        String method = parsed.metadata().tokenEndpointAuthMethod();
        Optional<String> secret = usesSecret(method) ? Optional.of(Secrets.generate(SECRET_BYTES)) : Optional.empty();
        Optional<String> registrationToken = viaDynamicRegistration ? Optional.of(Secrets.generate(SECRET_BYTES)) : Optional.empty();
        String digest = secret.filter(s -> !sealsSecret(method)).map(Secrets::digest).orElse(null);
        String sealed = secret.filter(s -> sealsSecret(method)).map(s -> seal(id, s)).orElse(null);
        Instant now = now();
        Application app = new Application(id, organization.id(), clientId, parsed.clientName().orElse(clientId), template,
                parsed.metadata(), 1, now, now);
        insert(app, digest, sealed, registrationToken.map(Secrets::digest).orElse(null), null);
        cache.evict(clientId);
        LOG.info("Application {} ({}) created from the {} template", clientId, app.name(), template.id());
        return new CreatedApplication(app, secret, registrationToken);
    }

    private void insert(Application app, String digest, String sealed, String registrationDigest, String bootstrapDigest) {
        try {
            update("INSERT INTO gh_application (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, app.id());
                ps.setString(2, app.organizationId());
                ps.setString(3, app.clientId());
                ps.setString(4, app.name());
                ps.setString(5, app.template().id());
                ps.setString(6, JsonText.write(MetadataJson.toMap(app.metadata())));
                ps.setString(7, digest);
                ps.setString(8, sealed);
                ps.setString(9, registrationDigest);
                ps.setString(10, bootstrapDigest);
                ps.setLong(11, app.version());
                ps.setObject(12, OffsetDateTime.ofInstant(app.created(), ZoneOffset.UTC));
                ps.setObject(13, OffsetDateTime.ofInstant(app.lastModified(), ZoneOffset.UTC));
            });
        } catch (SqlFailure e) {
            if (UNIQUE_VIOLATION.equals(e.getCause().getSQLState())) {
                throw new ApplicationConflictException("The client_id " + app.clientId() + " is already taken");
            }
            throw e;
        }
    }

    @Override
    public Application update(OrganizationRef organization, String clientId, long expectedVersion, Map<String, Object> metadata) {
        StoredApplication current = current(organization, clientId);
        Application app = current.application();
        Origin origin = current.registrationTokenDigest() != null ? Origin.DYNAMIC_UPDATE : Origin.UPDATE;
        Parsed parsed = TemplateRules.apply(app.template(), metadata, origin);
        if (parsed.clientId().isPresent() && !parsed.clientId().get().equals(clientId)) {
            throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA, "client_id",
                    "client_id cannot be changed; it is " + clientId);
        }
        if (app.version() != expectedVersion) {
            throw conflict(clientId, expectedVersion, app.version());
        }
        // Keep the secret where the new method can use it; a method that needs another form of it
        // (a digest cannot become the HMAC key of client_secret_jwt) starts without one until rotated.
        String newMethod = parsed.metadata().tokenEndpointAuthMethod();
        String digest = null;
        String sealed = null;
        if (usesSecret(newMethod)) {
            if (sealsSecret(newMethod)) {
                sealed = current.secretSealed();
            } else if (current.secretDigest() != null) {
                digest = current.secretDigest();
            } else if (current.secretSealed() != null) {
                digest = Secrets.digest(new String(openSecret(current), StandardCharsets.UTF_8));
            }
        }
        Application updated = new Application(app.id(), app.organizationId(), clientId, parsed.clientName().orElse(app.name()),
                app.template(), parsed.metadata(), app.version() + 1, app.created(), now());
        String d = digest;
        String s = sealed;
        int rows = update("UPDATE gh_application SET name = ?, metadata = ?, secret_digest = ?, secret_sealed = ?, version = ?, updated_at = ?"
                + " WHERE org_id = ? AND client_id = ? AND version = ?", ps -> {
                    ps.setString(1, updated.name());
                    ps.setString(2, JsonText.write(MetadataJson.toMap(updated.metadata())));
                    ps.setString(3, d);
                    ps.setString(4, s);
                    ps.setLong(5, updated.version());
                    ps.setObject(6, OffsetDateTime.ofInstant(updated.lastModified(), ZoneOffset.UTC));
                    ps.setString(7, organization.id());
                    ps.setString(8, clientId);
                    ps.setLong(9, expectedVersion);
                });
        cache.evict(clientId);
        if (rows == 0) {
            throw lostRace(organization, clientId, expectedVersion);
        }
        if (usesSecret(newMethod) && d == null && s == null) {
            LOG.info("Application {} now uses {} and has no secret yet: rotate the secret to issue one", clientId, newMethod);
        }
        return updated;
    }

    @Override
    public void delete(OrganizationRef organization, String clientId, long expectedVersion) {
        int rows = update("DELETE FROM gh_application WHERE org_id = ? AND client_id = ? AND version = ?", ps -> {
            ps.setString(1, organization.id());
            ps.setString(2, clientId);
            ps.setLong(3, expectedVersion);
        });
        cache.evict(clientId);
        if (rows == 0) {
            throw lostRace(organization, clientId, expectedVersion);
        }
        LOG.info("Application {} deleted", clientId);
    }

    @Override
    public String rotateSecret(OrganizationRef organization, String clientId) {
        StoredApplication current = current(organization, clientId);
        String method = current.application().metadata().tokenEndpointAuthMethod();
        if (!usesSecret(method)) {
            throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA, "token_endpoint_auth_method",
                    "The application authenticates with token_endpoint_auth_method " + method + " and has no client secret to rotate");
        }
        String secret = Secrets.generate(SECRET_BYTES);
        String digest = sealsSecret(method) ? null : Secrets.digest(secret);
        String sealed = sealsSecret(method) ? seal(current.application().id(), secret) : null;
        int rows = update("UPDATE gh_application SET secret_digest = ?, secret_sealed = ?, version = version + 1, updated_at = ?"
                + " WHERE org_id = ? AND client_id = ?", ps -> {
                    ps.setString(1, digest);
                    ps.setString(2, sealed);
                    ps.setObject(3, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
                    ps.setString(4, organization.id());
                    ps.setString(5, clientId);
                });
        cache.evict(clientId);
        if (rows == 0) {
            throw new ApplicationNotFoundException(clientId);
        }
        LOG.info("Secret of application {} rotated", clientId);
        return secret;
    }

    // ---- bootstrap machine clients --------------------------------------------------------------

    @Override
    public Outcome ensureMachineClient(String organizationId, String clientId, String secretDigest, String scope) {
        Optional<StoredApplication> existing = load(clientId);
        if (existing.isEmpty()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("client_name", "Gatehouse bootstrap client");
            metadata.put("scope", scope);
            metadata.put("token_endpoint_auth_method", TemplatePolicy.SECRET_BASIC);
            Parsed parsed = TemplateRules.apply(ApplicationTemplate.MACHINE_TO_MACHINE, metadata, Origin.MANAGEMENT);
            Instant now = now();
            Application app = new Application(UUID.randomUUID().toString(), organizationId, clientId, parsed.clientName().orElseThrow(),
                    ApplicationTemplate.MACHINE_TO_MACHINE, parsed.metadata(), 1, now, now);
            try {
                insert(app, secretDigest, null, null, secretDigest);
                cache.evict(clientId);
                return Outcome.CREATED;
            } catch (ApplicationConflictException e) {
                // another node imported it at the same moment: check theirs below
                existing = load(clientId);
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        StoredApplication s = existing.get();
        Application app = s.application();
        if (!app.organizationId().equals(organizationId) || app.template() != ApplicationTemplate.MACHINE_TO_MACHINE
                || (s.bootstrapDigest() == null && !secretDigest.equals(s.secretDigest()))) {
            return Outcome.CONFLICTING_APPLICATION;
        }
        if (secretDigest.equals(s.bootstrapDigest())) {
            return Outcome.UNCHANGED;
        }
        // the operator set a new bootstrap secret: it replaces the application's
        int rows = update("UPDATE gh_application SET secret_digest = ?, secret_sealed = NULL, bootstrap_digest = ?, version = version + 1,"
                + " updated_at = ? WHERE id = ? AND (bootstrap_digest IS NULL OR bootstrap_digest <> ?)", ps -> {
                    ps.setString(1, secretDigest);
                    ps.setString(2, secretDigest);
                    ps.setObject(3, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
                    ps.setString(4, app.id());
                    ps.setString(5, secretDigest);
                });
        cache.evict(clientId);
        return rows > 0 ? Outcome.SECRET_UPDATED : Outcome.UNCHANGED;
    }

    // ---------------------------------------------------------------------------------------------

    static boolean usesSecret(String method) {
        return TemplatePolicy.SECRET_BASIC.equals(method) || TemplatePolicy.SECRET_POST.equals(method) || sealsSecret(method);
    }

    private static boolean sealsSecret(String method) {
        return TemplatePolicy.SECRET_JWT.equals(method);
    }

    private String seal(String applicationId, String secret) {
        return encryption.seal(secret.getBytes(StandardCharsets.UTF_8), sealContext(applicationId));
    }

    private byte[] openSecret(StoredApplication s) {
        return encryption.open(s.secretSealed(), sealContext(s.application().id()));
    }

    private static String sealContext(String applicationId) {
        return "gh_application/" + applicationId + "/client_secret";
    }

    private RuntimeException lostRace(OrganizationRef organization, String clientId, long expectedVersion) {
        Optional<StoredApplication> now = load(clientId).filter(s -> s.application().organizationId().equals(organization.id()));
        if (now.isEmpty()) {
            return new ApplicationNotFoundException(clientId);
        }
        return conflict(clientId, expectedVersion, now.get().application().version());
    }

    private static ApplicationConflictException conflict(String clientId, long expected, long actual) {
        return new ApplicationConflictException("The application " + clientId + " has changed: the change is based on version "
                + expected + ", the current version is " + actual);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private StoredApplication read(ResultSet rs) throws SQLException {
        String clientId = rs.getString("client_id");
        ApplicationTemplate template = ApplicationTemplate.byId(rs.getString("template"))
                .orElseThrow(() -> new IllegalStateException("Application " + clientId + " has an unknown template"));
        ClientMetadata metadata = MetadataJson.fromMap(JsonText.readObject(rs.getString("metadata")));
        Application app = new Application(rs.getString("id"), rs.getString("org_id"), clientId, rs.getString("name"), template, metadata,
                rs.getLong("version"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
        return new StoredApplication(app, rs.getString("secret_digest"), rs.getString("secret_sealed"),
                rs.getString("registration_token_digest"), rs.getString("bootstrap_digest"));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** An SQL failure, carrying the {@link SQLException} so that callers can look at its state. */
    static final class SqlFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SqlFailure(String message, SQLException cause) {
            super(message, cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private void query(String sql, Binder binder, RowReader reader) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new SqlFailure("Cannot read applications: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure("Cannot change applications: " + e.getMessage(), e);
        }
    }

    /** @return the number of applications held in memory, for tests */
    int cachedEntries() {
        return cache.size();
    }
}
