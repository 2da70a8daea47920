package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import java.lang.annotation.Annotation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.management.internal.TestServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bearer access tokens (RFC 6750) on the management API, and the three settings of HTTP Basic, over
 * HTTP. Tokens come from a small in-memory {@link org.gatehouse.protocol.oauth2.AccessTokenVerifier}.
 */
class BearerAuthenticationHttpTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final TestAccessTokens tokens = new TestAccessTokens();
    private User root;
    private User mallory;
    private TestServer server;
    private AdminAuthenticationFilter filter;

    @BeforeEach
    void users() {
        root = directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        mallory = directory.user("mallory", "mallory-password", "staff");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private void start(String host, BasicAuthMode mode) throws Exception {
        filter = new AdminAuthenticationFilter(new CredentialCache(), mode);
        filter.userDirectory = directory;
        filter.bearerTokens = new OAuthBearerTokens(tokens);
        PluginsResource plugins = new PluginsResource();
        plugins.pluginCatalog = java.util.List::of;
        server = new TestServer(host, new JsonProvider(TestServer.CODEC), new ProblemExceptionMapper(), filter, new HttpConventionsFilter(), plugins);
    }

    private Reply call(String authorization) throws Exception {
        var r = server.request("/api/plugins");
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return TestServer.send(r.GET());
    }

    private String userToken(User user, String... scopes) {
        return tokens.issue("console", OrganizationRef.ROOT_ID, Optional.of(new UserRef(user.domain(), user.id(), user.username())),
                Set.of(scopes), Duration.ofMinutes(5));
    }

    // ---- bearer tokens --------------------------------------------------------------------------

    @Test
    void machineTokenWithTheAdminScopeIsLetIn() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).is(200);
        call("bearer " + tokens.clientToken("automation", "gatehouse:admin", "openid")).is(200);
    }

    @Test
    void invalidExpiredAndRevokedTokensAre401InvalidToken() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        String revoked = tokens.clientToken("automation", "gatehouse:admin");
        tokens.revoke(revoked);
        String expired = tokens.issue("automation", OrganizationRef.ROOT_ID, Optional.empty(), Set.of("gatehouse:admin"), Duration.ofSeconds(1));
        tokens.now = tokens.now.plusSeconds(2);
        for (String token : new String[] {"not-a-token", revoked, expired}) {
            Reply r = call("Bearer " + token).isProblem(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"gatehouse\"").contains("error=\"invalid_token\"");
            assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
        }
    }

    @Test
    void tokensWithoutTheAdminScopeAre403InsufficientScope() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        Reply r = call("Bearer " + tokens.clientToken("reporting", "openid", "api.read")).isProblem(403);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer realm=\"gatehouse\"")
                .contains("error=\"insufficient_scope\"").contains("scope=\"gatehouse:admin\"");
        call("Bearer " + userToken(root, "openid")).isProblem(403);
    }

    @Test
    void userTokensNeedAnActiveAdministrator() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        call("Bearer " + userToken(root, "gatehouse:admin")).is(200);
        Reply notAdmin = call("Bearer " + userToken(mallory, "gatehouse:admin")).isProblem(403);
        assertThat(notAdmin.json().get("detail").asText()).contains(ManagementApi.ADMIN_GROUP);

        String token = userToken(root, "gatehouse:admin");
        directory.primary.updateUser(OrganizationRef.root(), root.id(), root.version(), new UserUpdate("root", false, null));
        call("Bearer " + token).isProblem(401);
        call("Bearer " + tokens.issue("console", OrganizationRef.ROOT_ID, Optional.of(new UserRef("OTHER", "x", "x")),
                Set.of("gatehouse:admin"), Duration.ofMinutes(1))).isProblem(403);
    }

    @Test
    void tokensOfOtherOrganizationsAre403() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        call("Bearer " + tokens.issue("tenant-app", "11111111-1111-1111-1111-111111111111", Optional.empty(), Set.of("gatehouse:admin"),
                Duration.ofMinutes(1))).isProblem(403);
    }

    @Test
    void malformedBearerHeadersAre400() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        for (String header : new String[] {"Bearer", "Bearer ", "Bearer a b", "Bearer ä"}) {
            Reply r = call(header).isProblem(400);
            assertThat(r.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
        }
    }

    @Test
    void withoutAVerifierBearerIs503AndBasicStillWorks() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        filter.bearerTokens = null;
        Reply r = call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).isProblem(503);
        assertThat(r.header("Retry-After")).isNotNull();
        call(basic("root:root-password")).is(200);
        // the component is there, its verifier is not
        OAuthBearerTokens withoutVerifier = new OAuthBearerTokens();
        filter.bearerTokens = withoutVerifier;
        call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).isProblem(503);
        withoutVerifier.verifier = tokens;
        call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).is(200);
    }

    // ---- HTTP Basic settings --------------------------------------------------------------------

    @Test
    void basicEnabledAcceptsBothAndChallengesWithBoth() throws Exception {
        start("127.0.0.1", BasicAuthMode.ENABLED);
        call(basic("root:root-password")).is(200);
        call(basic("mallory:mallory-password")).isProblem(403);
        Reply anonymous = call(null).isProblem(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Basic realm=\"gatehouse\", charset=\"UTF-8\", Bearer realm=\"gatehouse\"");
    }

    @Test
    void basicDisabledAcceptsBearerOnly() throws Exception {
        start("127.0.0.1", BasicAuthMode.DISABLED);
        Reply basic = call(basic("root:root-password")).isProblem(401);
        assertThat(basic.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"gatehouse\"");
        assertThat(basic.json().get("detail").asText()).contains("disabled");
        assertThat(call(null).isProblem(401).header("WWW-Authenticate")).isEqualTo("Bearer realm=\"gatehouse\"");
        call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).is(200);
    }

    @Test
    void basicLoopbackAcceptsLoopbackCallers() throws Exception {
        start("127.0.0.1", BasicAuthMode.LOOPBACK);
        call(basic("root:root-password")).is(200);
        call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).is(200);
    }

    @Test
    void basicLoopbackRefusesOtherCallers() throws Exception {
        Optional<String> address = nonLoopbackAddress();
        assumeThat(address).as("a non-loopback IPv4 address of this machine").isPresent();
        start(address.get(), BasicAuthMode.LOOPBACK);
        Reply r = call(basic("root:root-password")).isProblem(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"gatehouse\"");
        assertThat(r.json().get("detail").asText()).contains("loopback");
        call("Bearer " + tokens.clientToken("automation", "gatehouse:admin")).is(200);
    }

    private static Optional<String> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    // ---- configuration --------------------------------------------------------------------------

    @Test
    void theSettingIsReadUnderBothSpellingsAndFailsSafe() {
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("enabled"), Map.of())).isEqualTo(BasicAuthMode.ENABLED);
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("loopback"), Map.of())).isEqualTo(BasicAuthMode.LOOPBACK);
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("disabled"), Map.of())).isEqualTo(BasicAuthMode.DISABLED);
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("enabled"), Map.of("basic_auth", "off"))).isEqualTo(BasicAuthMode.DISABLED);
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("enabled"), Map.of("basic_auth", true))).isEqualTo(BasicAuthMode.ENABLED);
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("Loopback "), new HashMap<>())).isEqualTo(BasicAuthMode.LOOPBACK);
        assertThat(AdminAuthenticationFilter.basicAuthMode(config("sometimes"), Map.of())).as("unknown: loopback only").isEqualTo(BasicAuthMode.LOOPBACK);
    }

    @Test
    void loopbackAddresses() {
        for (String a : new String[] {"127.0.0.1", "127.1.2.3", "0:0:0:0:0:0:0:1", "::1"}) {
            assertThat(AdminAuthenticationFilter.isLoopbackAddress(a)).as(a).isTrue();
        }
        for (String a : new String[] {"10.0.0.1", "192.168.1.20", "::ffff:10.0.0.1", "fe80::1%eth0", "localhost", "abc", "", null, "127.0.0.1.evil.com"}) {
            assertThat(AdminAuthenticationFilter.isLoopbackAddress(a)).as(a).isFalse();
        }
    }

    @Test
    void bearerTokenExtraction() {
        assertThat(AdminAuthenticationFilter.bearerToken("Bearer abc")).isEqualTo("abc");
        assertThat(AdminAuthenticationFilter.bearerToken("BEARER  abc ")).isEqualTo("abc");
        assertThat(AdminAuthenticationFilter.bearerToken("Bearer")).isEmpty();
        assertThat(AdminAuthenticationFilter.bearerToken("Bearerabc")).isNull();
        assertThat(AdminAuthenticationFilter.bearerToken("Basic abc")).isNull();
        assertThat(AdminAuthenticationFilter.bearerToken(null)).isNull();
    }

    private static ManagementConfiguration config(String basicAuth) {
        return new ManagementConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ManagementConfiguration.class;
            }

            @Override
            public String basic_auth() {
                return basicAuth;
            }

            @Override
            public int account_reauthentication_seconds() {
                return 900;
            }
        };
    }
}
