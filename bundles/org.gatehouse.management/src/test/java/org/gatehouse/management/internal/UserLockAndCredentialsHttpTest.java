package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventTypes;
import org.gatehouse.api.userstore.User;
import org.gatehouse.core.internal.credential.CredentialService;
import org.gatehouse.core.internal.login.LoginAttemptService;
import org.gatehouse.crypto.internal.AesGcmSecretEncryption;
import org.gatehouse.management.internal.TestServer.Reply;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/users/{id}/lock} and {@code /api/users/{id}/credentials} over HTTP, with the core's
 * real lockout counting and credential store (sealed with real AES-GCM) on an in-memory H2 database.
 */
class UserLockAndCredentialsHttpTest {

    static final String ADMIN = ApplicationsHttpTest.ADMIN;
    static final String NOT_ADMIN = basic("mallory:mallory-password");
    static final int MAX_FAILURES = 3;
    static final String TOTP_SEED = "JBSWY3DPEHPK3PXP";

    static TestDatabase db;
    static InMemoryDirectory directory;
    static LoginAttemptService attempts;
    static CredentialService credentials;
    static UserLockResource locks;
    static UserCredentialsResource factors;
    static TestServer server;
    static final List<IdentityEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.h2();
        directory = new InMemoryDirectory();
        directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        directory.user("mallory", "mallory-password");
        attempts = new LoginAttemptService(db, events::add, directory, Clock.systemUTC(), true, MAX_FAILURES, Duration.ofMinutes(15),
                Duration.ofMinutes(15));
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        credentials = new CredentialService(db, new AesGcmSecretEncryption(masterKey), events::add);

        AdminAuthenticationFilter auth = new AdminAuthenticationFilter(new CredentialCache());
        auth.userDirectory = directory;
        UsersResource users = new UsersResource(TestServer.CODEC, new CredentialCache());
        users.userDirectory = directory;
        users.serverInfo = ApplicationsHttpTest.serverInfo();
        locks = new UserLockResource();
        locks.userDirectory = directory;
        locks.accountLocks = attempts;
        factors = new UserCredentialsResource();
        factors.userDirectory = directory;
        factors.credentials = credentials;
        server = new TestServer("127.0.0.1", new JsonProvider(TestServer.CODEC), new ProblemExceptionMapper(), auth, new HttpConventionsFilter(),
                users, locks, factors);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static Reply get(String path) throws Exception {
        return TestServer.send(server.request(path).header("Authorization", ADMIN).GET());
    }

    static Reply delete(String path) throws Exception {
        return TestServer.send(server.request(path).header("Authorization", ADMIN).DELETE());
    }

    // ---- locks ----------------------------------------------------------------------------------

    @Test
    void aLockAfterRealFailuresIsShownAndLifted() throws Exception {
        User alice = directory.user("alice", "alice-password");
        String path = "/api/users/" + alice.id() + "/lock";

        Reply open = get(path).is(200);
        assertThat(open.json().get("locked").asBoolean()).isFalse();
        assertThat(open.json().has("lockedUntil")).isTrue();
        assertThat(open.json().get("lockedUntil").isNull()).isTrue();

        // as the login pages record them: the name as typed, without a domain
        for (int i = 0; i < MAX_FAILURES; i++) {
            attempts.failed(Directory.ORG, "Alice");
        }
        Reply locked = get(path).is(200);
        assertThat(locked.json().get("locked").asBoolean()).isTrue();
        Instant until = Instant.parse(locked.json().get("lockedUntil").asText());
        assertThat(until).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(16)));
        assertThat(get(path + "?domain=PRIMARY").json().get("locked").asBoolean()).isTrue();

        delete(path).is(204);
        assertThat(get(path).json().get("locked").asBoolean()).isFalse();
        assertThat(attempts.lockedUntil(Directory.ORG, "alice")).isEmpty();
        // the failures counted before the lock are forgotten too: one more does not lock again
        attempts.failed(Directory.ORG, "alice");
        assertThat(get(path).json().get("locked").asBoolean()).isFalse();
        // lifting a lock that is not there is still the state asked for
        delete(path).is(204);
        assertThat(events).extracting(IdentityEvent::type).contains(IdentityEventTypes.ACCOUNT_LOCKED, IdentityEventTypes.ACCOUNT_UNLOCKED);
    }

    @Test
    void locksAreKeptPerUser() throws Exception {
        User carol = directory.user("carol", "carol-password");
        User dave = directory.user("dave", "dave-password");
        for (int i = 0; i < MAX_FAILURES; i++) {
            attempts.failed(Directory.ORG, "PRIMARY/carol");
        }
        assertThat(get("/api/users/" + carol.id() + "/lock").json().get("locked").asBoolean()).isTrue();
        assertThat(get("/api/users/" + dave.id() + "/lock").json().get("locked").asBoolean()).isFalse();
        delete("/api/users/" + dave.id() + "/lock").is(204);
        assertThat(get("/api/users/" + carol.id() + "/lock").json().get("locked").asBoolean()).as("unlocking dave leaves carol locked").isTrue();
    }

    // ---- credentials ----------------------------------------------------------------------------

    @Test
    void credentialsAreListedWithoutSecretsAndRemoved() throws Exception {
        User erin = directory.user("erin", "erin-password");
        User frank = directory.user("frank", "frank-password");
        Credential totp = credentials.add(Directory.ORG, erin.ref(), new NewCredential("totp", Optional.empty(), "Phone",
                Map.of("last_step", "57000123"), Optional.of(TOTP_SEED)));
        Credential passkey = credentials.add(Directory.ORG, erin.ref(), new NewCredential("passkey", Optional.of("webauthn-credential-id-1"),
                "YubiKey", Map.of("publicKey", "pQECAyYgASFYIPublicKeyBytes"), Optional.empty()));
        credentials.update(Directory.ORG, passkey, Map.of("publicKey", "pQECAyYgASFYIPublicKeyBytes", "signCount", "7"), true);
        Credential franks = credentials.add(Directory.ORG, frank.ref(), new NewCredential("totp", Optional.empty(), "", Map.of(),
                Optional.of("FRANKSEED")));
        String path = "/api/users/" + erin.id() + "/credentials";

        Reply list = get(path).is(200);
        JsonNode items = list.json().get("items");
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(2);
        assertThat(items).hasSize(2);
        for (JsonNode item : items) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = item.fieldNames(); it.hasNext();) {
                names.add(it.next());
            }
            assertThat(names).containsExactly("id", "type", "label", "createdAt", "lastUsedAt");
        }
        JsonNode first = items.get(0).get("type").asText().equals("totp") ? items.get(0) : items.get(1);
        JsonNode second = first == items.get(0) ? items.get(1) : items.get(0);
        assertThat(first.get("id").asText()).isEqualTo(totp.id());
        assertThat(first.get("label").asText()).isEqualTo("Phone");
        // as stored: the database keeps microseconds
        assertThat(Instant.parse(first.get("createdAt").asText())).isEqualTo(credentials.list(Directory.ORG, erin.ref(), "totp").get(0).createdAt());
        assertThat(first.get("lastUsedAt").isNull()).isTrue();
        assertThat(second.get("type").asText()).isEqualTo("passkey");
        assertThat(Instant.parse(second.get("lastUsedAt").asText())).isNotNull();
        assertThat(list.body()).doesNotContain(TOTP_SEED).doesNotContain(sealedSecret(totp.id())).doesNotContain("57000123")
                .doesNotContain("PublicKeyBytes").doesNotContain("webauthn-credential-id-1").doesNotContain("signCount")
                .doesNotContain(franks.id());

        // another user's credential is not this user's to delete
        delete(path + "/" + franks.id()).isProblem(404);
        assertThat(credentials.list(Directory.ORG, frank.ref(), null)).hasSize(1);
        delete(path + "/no-such-credential").isProblem(404);

        delete(path + "/" + totp.id()).is(204);
        assertThat(get(path).json().get("items").findValuesAsText("id")).containsExactly(passkey.id());
        assertThat(credentials.secret(Directory.ORG, totp)).isEmpty();
        delete(path + "/" + totp.id()).isProblem(404);
        assertThat(events).extracting(IdentityEvent::type).contains(IdentityEventTypes.CREDENTIAL_REMOVED);
    }

    @Test
    void aUserWithoutFactorsHasAnEmptyList() throws Exception {
        User grace = directory.user("grace", "grace-password");
        Reply list = get("/api/users/" + grace.id() + "/credentials").is(200);
        assertThat(list.json().get("totalResults").asInt()).isZero();
        assertThat(list.json().get("items")).isEmpty();
    }

    // ---- for every path -------------------------------------------------------------------------

    @Test
    void unknownUsersAre404AndUnknownDomains400() throws Exception {
        for (String path : List.of("/api/users/no-such-user/lock", "/api/users/no-such-user/credentials")) {
            get(path).isProblem(404);
            assertThat(get(path + "?domain=NOPE").isProblem(400).errorFields()).containsExactly("domain");
        }
        delete("/api/users/no-such-user/lock").isProblem(404);
        delete("/api/users/no-such-user/credentials/c1").isProblem(404);
        String id = directory.user("heidi", "heidi-password").id();
        get("/api/users/" + id + "?domain=PRIMARY").is(200);
        assertThat(get("/api/users/" + id + "/lock?domain=bad%20domain").isProblem(400).errorFields()).containsExactly("domain");
    }

    @Test
    void onlyAdministratorsSeeOrLiftLocksAndFactors() throws Exception {
        User ivan = directory.user("ivan", "ivan-password");
        for (int i = 0; i < MAX_FAILURES; i++) {
            attempts.failed(Directory.ORG, "ivan");
        }
        Credential code = credentials.add(Directory.ORG, ivan.ref(), new NewCredential("totp", Optional.empty(), "Phone", Map.of(),
                Optional.of(TOTP_SEED)));
        String lock = "/api/users/" + ivan.id() + "/lock";
        String list = "/api/users/" + ivan.id() + "/credentials";
        String one = list + "/" + code.id();
        for (String auth : new String[] {null, basic("root:wrong")}) {
            for (String path : List.of(lock, list)) {
                TestServer.send(withAuth(path, auth).GET()).isProblem(401);
            }
            TestServer.send(withAuth(lock, auth).DELETE()).isProblem(401);
            TestServer.send(withAuth(one, auth).DELETE()).isProblem(401);
        }
        TestServer.send(withAuth(lock, NOT_ADMIN).GET()).isProblem(403);
        TestServer.send(withAuth(list, NOT_ADMIN).GET()).isProblem(403);
        TestServer.send(withAuth(lock, NOT_ADMIN).DELETE()).isProblem(403);
        TestServer.send(withAuth(one, NOT_ADMIN).DELETE()).isProblem(403);
        assertThat(attempts.lockedUntil(Directory.ORG, "ivan")).as("still locked").isPresent();
        assertThat(credentials.list(Directory.ORG, ivan.ref(), null)).as("still enrolled").hasSize(1);
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        String id = directory.user("judy", "judy-password").id();
        Reply post = TestServer.send(server.request("/api/users/" + id + "/lock").header("Authorization", ADMIN)
                .header("Content-Type", "application/json").POST(TestServer.json("{}"))).isProblem(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD, DELETE, OPTIONS");
        Reply put = TestServer.send(server.request("/api/users/" + id + "/credentials").header("Authorization", ADMIN)
                .header("Content-Type", "application/json").PUT(TestServer.json("{}"))).isProblem(405);
        assertThat(put.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        TestServer.send(server.request("/api/users/" + id + "/credentials/x").header("Authorization", ADMIN).GET()).isProblem(405);
        // the user itself is still served by its own resource
        assertThat(get("/api/users/" + id).is(200).json().get("userName").asText()).isEqualTo("judy");
    }

    @Test
    void missingCoreServicesAre503() throws Exception {
        String id = directory.user("ken", "ken-password").id();
        locks.accountLocks = null;
        factors.credentials = null;
        try {
            assertThat(get("/api/users/" + id + "/lock").isProblem(503).header("Retry-After")).isNotNull();
            delete("/api/users/" + id + "/lock").isProblem(503);
            get("/api/users/" + id + "/credentials").isProblem(503);
            delete("/api/users/" + id + "/credentials/c1").isProblem(503);
            get("/api/users/" + id).is(200);
        } finally {
            locks.accountLocks = attempts;
            factors.credentials = credentials;
        }
    }

    @Test
    void aFailingDatabaseIs503NotA500() throws Exception {
        String id = directory.user("leo", "leo-password").id();
        TestDatabase broken = TestDatabases.h2();
        LoginAttemptService brokenLocks = new LoginAttemptService(broken, events::add, directory, Clock.systemUTC(), true, MAX_FAILURES,
                Duration.ofMinutes(15), Duration.ofMinutes(15));
        broken.close();
        locks.accountLocks = brokenLocks;
        try {
            Reply r = get("/api/users/" + id + "/lock").isProblem(503);
            assertThat(r.body()).doesNotContain("jdbc").doesNotContain("SQL");
        } finally {
            locks.accountLocks = attempts;
        }
    }

    private static java.net.http.HttpRequest.Builder withAuth(String path, String authorization) {
        java.net.http.HttpRequest.Builder r = server.request(path);
        return authorization == null ? r : r.header("Authorization", authorization);
    }

    private static String sealedSecret(String credentialId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT secret FROM gh_credential WHERE id = ?")) {
            ps.setString(1, credentialId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String sealed = rs.getString(1);
                assertThat(sealed).isNotBlank().doesNotContain(TOTP_SEED);
                return sealed;
            }
        }
    }
}
