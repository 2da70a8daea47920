package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.NewCredential;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.core.internal.credential.CredentialService;
import org.gatehouse.crypto.internal.AesGcmSecretEncryption;
import org.gatehouse.management.internal.TestServer.Reply;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/me}: users on their own account with a token an application obtained for them, over
 * HTTP, with the core's real credential store on H2. The attacker's questions: can a token without
 * the scope, a client's own token, an administrator's password, another user's factor id or an old
 * token change anything?
 */
class AccountHttpTest {

    static final String ACCOUNT = BearerAuthenticator.ACCOUNT_SCOPE;
    static TestDatabase db;
    static InMemoryDirectory directory;
    static CredentialService credentials;
    static TestAccessTokens tokens;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.h2();
        directory = new InMemoryDirectory();
        directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        credentials = new CredentialService(db, new AesGcmSecretEncryption(masterKey), e -> {});
        tokens = new TestAccessTokens();
        AdminAuthenticationFilter auth = new AdminAuthenticationFilter(new CredentialCache());
        auth.userDirectory = directory;
        auth.bearerTokens = new OAuthBearerTokens(tokens);
        AccountResource account = new AccountResource(Duration.ofMinutes(15), Clock.systemUTC());
        account.credentials = credentials;
        UserCredentialsResource admin = new UserCredentialsResource();
        admin.userDirectory = directory;
        admin.credentials = credentials;
        server = new TestServer("127.0.0.1", new JsonProvider(TestServer.CODEC), new ProblemExceptionMapper(), auth, new HttpConventionsFilter(),
                account, admin);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static Reply call(String method, String path, String authorization) throws Exception {
        var request = server.request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return TestServer.send(request.method(method, java.net.http.HttpRequest.BodyPublishers.noBody()));
    }

    static String bearer(User user, Instant authTime, String... scopes) {
        return "Bearer " + tokens.userToken("self-care", user.ref(), authTime, scopes);
    }

    static Credential totp(User user) {
        return credentials.add(Directory.ORG, user.ref(), new NewCredential("totp", Optional.empty(), "Phone", Map.of(), Optional.of("JBSWY3DPEHPK3PXP")));
    }

    @Test
    void usersSeeTheirOwnProfileAndFactors() throws Exception {
        User alice = directory.user("alice", "alice-password");
        User updated = directory.writable("PRIMARY").updateUser(Directory.ORG, alice.id(), alice.version(),
                new UserUpdate("alice", true, UserProfile.builder().givenName("Alice").email("alice@example.test").build()));
        Credential code = totp(alice);
        totp(directory.user("bob", "bob-password"));
        String token = bearer(updated, Instant.now(), ACCOUNT);

        Reply me = call("GET", "/api/me", token).is(200);
        assertThat(me.json().get("username").asText()).isEqualTo("alice");
        assertThat(me.json().get("givenName").asText()).isEqualTo("Alice");
        assertThat(me.json().get("email").asText()).isEqualTo("alice@example.test");
        assertThat(me.json().get("familyName").isNull()).isTrue();

        Reply list = call("GET", "/api/me/credentials", token).is(200);
        assertThat(list.json().get("items").findValuesAsText("id")).containsExactly(code.id());
        assertThat(list.body()).doesNotContain("JBSWY3DPEHPK3PXP");
    }

    @Test
    void aRecentSignInRemovesOwnFactorsOnly() throws Exception {
        User carol = directory.user("carol", "carol-password");
        User dave = directory.user("dave", "dave-password");
        Credential carols = totp(carol);
        Credential daves = totp(dave);
        String token = bearer(carol, Instant.now().minusSeconds(60), ACCOUNT);

        // another user's factor is as unknown as a made-up one
        call("DELETE", "/api/me/credentials/" + daves.id(), token).isProblem(404);
        call("DELETE", "/api/me/credentials/no-such-factor", token).isProblem(404);
        assertThat(credentials.list(Directory.ORG, dave.ref(), null)).hasSize(1);

        call("DELETE", "/api/me/credentials/" + carols.id(), token).is(204);
        assertThat(credentials.list(Directory.ORG, carol.ref(), null)).isEmpty();
        call("DELETE", "/api/me/credentials/" + carols.id(), token).isProblem(404);
    }

    @Test
    void anOldSignInGetsAStepUpChallenge() throws Exception {
        User erin = directory.user("erin", "erin-password");
        Credential code = totp(erin);
        Reply old = call("DELETE", "/api/me/credentials/" + code.id(), bearer(erin, Instant.now().minus(Duration.ofHours(2)), ACCOUNT)).isProblem(401);
        // RFC 9470: the client logs the user in again with that max_age and retries with the new token
        assertThat(old.header("WWW-Authenticate")).contains("error=\"insufficient_user_authentication\"").contains("max_age=\"900\"");
        assertThat(credentials.list(Directory.ORG, erin.ref(), null)).as("still enrolled").hasSize(1);
        // reading needs no fresh sign-in
        call("GET", "/api/me/credentials", bearer(erin, Instant.now().minus(Duration.ofHours(2)), ACCOUNT)).is(200);
    }

    @Test
    void onlyAUsersTokenWithTheAccountScopeGetsIn() throws Exception {
        User frank = directory.user("frank", "frank-password");
        Credential code = totp(frank);
        String path = "/api/me/credentials/" + code.id();

        Reply none = call("GET", "/api/me", null).isProblem(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        // passwords are never accepted here, not even an administrator's
        call("GET", "/api/me", basic("frank:frank-password")).isProblem(401);
        call("GET", "/api/me", basic("root:root-password")).isProblem(401);
        Reply scope = call("DELETE", path, bearer(frank, Instant.now(), "openid", "profile")).isProblem(403);
        assertThat(scope.header("WWW-Authenticate")).contains("insufficient_scope").contains(ACCOUNT);
        // a client's own token acts for nobody
        call("GET", "/api/me", "Bearer " + tokens.clientToken("machine", ACCOUNT)).isProblem(403);
        call("GET", "/api/me", "Bearer not-a-token").isProblem(401);
        call("GET", "/api/me", "Bearer not a token").isProblem(400);
        // the account scope opens nothing of the administrators' API, however the path is spelt
        String token = bearer(frank, Instant.now(), ACCOUNT);
        for (String sneaky : new String[] {"/api/users/" + frank.id() + "/credentials", "/api/me/../users/" + frank.id() + "/credentials",
                "/api/me%2F..%2Fusers/" + frank.id() + "/credentials"}) {
            Reply r = call("GET", sneaky, token);
            assertThat(r.status()).as(sneaky).isIn(400, 401, 403, 404);
        }
        // a disabled user's tokens stop working at once
        User fresh = directory.writable("PRIMARY").findUserById(Directory.ORG, frank.id()).orElseThrow();
        directory.writable("PRIMARY").updateUser(Directory.ORG, frank.id(), fresh.version(), new UserUpdate("frank", false, fresh.profile()));
        call("GET", "/api/me", token).isProblem(401);
        assertThat(credentials.list(Directory.ORG, frank.ref(), null)).hasSize(1);
    }
}
