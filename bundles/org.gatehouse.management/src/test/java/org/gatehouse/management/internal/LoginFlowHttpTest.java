package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.AuthenticatorDescriptor;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.StepContext;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.application.internal.JdbcApplications;
import org.gatehouse.core.internal.AuthenticatorRegistry;
import org.gatehouse.core.internal.login.FlowDefinitionService;
import org.gatehouse.management.internal.TestServer.Reply;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/applications/{clientId}/login-flow} and {@code /api/login-flow} over HTTP, with the
 * core's real flow store and validation on an in-memory H2 database, the real application registry,
 * and small authenticators of each kind in a real authenticator registry.
 */
class LoginFlowHttpTest {

    static final String ADMIN = ApplicationsHttpTest.ADMIN;
    static final String NOT_ADMIN = basic("mallory:mallory-password");

    static final String VALID = """
            {"steps":[{"options":["password"]},{"options":["totp"],"when":"enrolled","requiredForGroups":["admins"]}]}""";
    static final String PASSKEY_ONLY = """
            {"steps":[{"options":["passkey"]}]}""";

    static TestDatabase db;
    static FlowDefinitionService definitions;
    static OrganizationLoginFlowResource organizationFlow;
    static ApplicationLoginFlowResource applicationFlow;
    static TestServer server;

    /** An authenticator that only has to exist for validation: flows are stored here, never run. */
    record Plugin(String id, AuthenticatorKind kind) implements Authenticator {
        @Override
        public AuthenticatorDescriptor descriptor() {
            return new AuthenticatorDescriptor(id, id, kind, Set.of("x"));
        }

        @Override
        public StepResult start(StepContext context) {
            return StepResult.failure(FailureReason.CONFIGURATION, "test.unused", false);
        }

        @Override
        public StepResult submit(StepContext context, Submission submission) {
            return start(context);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.h2();
        AuthenticatorRegistry authenticators = new AuthenticatorRegistry();
        long serviceId = 1;
        for (Plugin p : List.of(new Plugin("password", AuthenticatorKind.FIRST_FACTOR), new Plugin("passkey", AuthenticatorKind.PASSWORDLESS),
                new Plugin("totp", AuthenticatorKind.SECOND_FACTOR), new Plugin("backup-codes", AuthenticatorKind.RECOVERY))) {
            authenticators.bindAuthenticator(p, Map.of("service.id", serviceId++), null);
        }
        definitions = new FlowDefinitionService(db, authenticators);
        JdbcApplications registry = new JdbcApplications(ApplicationsHttpTest.config(), db, ApplicationsHttpTest.encryption());

        InMemoryDirectory directory = new InMemoryDirectory();
        directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        directory.user("mallory", "mallory-password");
        AdminAuthenticationFilter auth = new AdminAuthenticationFilter(new CredentialCache());
        auth.userDirectory = directory;

        ApplicationsResource applications = new ApplicationsResource(TestServer.CODEC);
        applications.applications = registry;
        applications.serverInfo = ApplicationsHttpTest.serverInfo();
        applicationFlow = new ApplicationLoginFlowResource(TestServer.CODEC);
        applicationFlow.loginFlows = definitions;
        applicationFlow.applications = registry;
        organizationFlow = new OrganizationLoginFlowResource(TestServer.CODEC);
        organizationFlow.loginFlows = definitions;
        server = new TestServer("127.0.0.1", new JsonProvider(TestServer.CODEC), new ProblemExceptionMapper(), auth, new HttpConventionsFilter(),
                applications, applicationFlow, organizationFlow);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    /** A fresh application through the API, so each test edits a flow no other test touches. */
    static String newApplication() throws Exception {
        return TestServer.send(server.request("/api/applications").header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(TestServer.json("{\"template\":\"spa\",\"client_name\":\"Flow test\",\"redirect_uris\":[\"https://a.example.com/cb\"]}")))
                .is(201).json().get("client_id").asText();
    }

    static Reply get(String path) throws Exception {
        return TestServer.send(server.request(path).header("Authorization", ADMIN).GET());
    }

    static Reply put(String path, String ifMatch, String json) throws Exception {
        HttpRequest.Builder r = server.request(path).header("Authorization", ADMIN).header("Content-Type", "application/json");
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        return TestServer.send(r.PUT(TestServer.json(json)));
    }

    static List<String> problems(Reply r) {
        List<String> problems = new ArrayList<>();
        r.json().path("problems").forEach(p -> problems.add(p.asText()));
        return problems;
    }

    static String flowPath(String clientId) {
        return "/api/applications/" + clientId + "/login-flow";
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void anApplicationInheritsUntilItGetsAFlowOfItsOwn() throws Exception {
        String clientId = newApplication();
        String path = flowPath(clientId);

        // nothing stored anywhere: the built-in flow
        Reply builtIn = get(path).is(200);
        assertThat(builtIn.json().get("scope").asText()).isEqualTo(clientId);
        assertThat(builtIn.json().get("inherited").asBoolean()).isTrue();
        assertThat(builtIn.json().get("version").asInt()).isZero();
        assertThat(builtIn.header("ETag")).isEqualTo("\"0\"");
        assertThat(builtIn.json().get("steps").get(0).get("options").get(0).asText()).isEqualTo("password");

        Reply orgDefault = get("/api/login-flow").is(200);
        assertThat(orgDefault.json().get("scope").asText()).isEmpty();
        assertThat(orgDefault.json().get("inherited").asBoolean()).as("the built-in flow").isTrue();
        put("/api/login-flow", null, PASSKEY_ONLY).isProblem(428);
        Reply savedDefault = put("/api/login-flow", orgDefault.header("ETag"), PASSKEY_ONLY).is(200);
        assertThat(savedDefault.header("ETag")).isEqualTo("\"1\"");
        assertThat(savedDefault.json().get("inherited").asBoolean()).isFalse();
        assertThat(get("/api/login-flow").is(200).json().get("version").asInt()).isEqualTo(1);

        // the application now follows the organization's default, and still has no version of its own
        Reply inherited = get(path).is(200);
        assertThat(inherited.json().get("inherited").asBoolean()).isTrue();
        assertThat(inherited.json().get("version").asInt()).as("the version of the flow shown").isEqualTo(1);
        assertThat(inherited.json().get("steps").toString()).isEqualTo("[{\"options\":[\"passkey\"],\"when\":\"always\"}]");
        assertThat(inherited.header("ETag")).as("what If-Match is checked against: the application's own version").isEqualTo("\"0\"");
        // the inherited flow's version is not the application's: naming it is a stale precondition
        assertThat(put(path, "\"1\"", VALID).isProblem(412).header("ETag")).isEqualTo("\"0\"");

        Reply own = put(path, inherited.header("ETag"), VALID).is(200);
        assertThat(own.header("ETag")).isEqualTo("\"1\"");
        JsonNode body = own.json();
        assertThat(body.get("scope").asText()).isEqualTo(clientId);
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("inherited").asBoolean()).isFalse();
        assertThat(body.get("steps").toString()).isEqualTo(
                "[{\"options\":[\"password\"],\"when\":\"always\"},{\"options\":[\"totp\"],\"when\":\"enrolled\",\"requiredForGroups\":[\"admins\"]}]");
        assertThat(get(path).is(200).json()).isEqualTo(body);
        assertThat(definitions.effective(Directory.ORG, clientId).definition().steps()).hasSize(2);

        // the organization's default is unchanged, and other applications still inherit it
        assertThat(get("/api/login-flow").json().get("steps").toString()).contains("passkey");
        assertThat(get(flowPath(newApplication())).json().get("inherited").asBoolean()).isTrue();
        // the application itself is still served by its own resource
        assertThat(get("/api/applications/" + clientId).is(200).json().get("client_id").asText()).isEqualTo(clientId);
    }

    @Test
    void twoEditorsCannotOverwriteEachOther() throws Exception {
        String path = flowPath(newApplication());
        String first = get(path).is(200).header("ETag");
        String second = get(path).is(200).header("ETag");
        assertThat(first).isEqualTo(second).isEqualTo("\"0\"");

        put(path, first, VALID).is(200);
        Reply stale = put(path, second, PASSKEY_ONLY).isProblem(412);
        assertThat(stale.json().get("type").asText()).isEqualTo(ProblemType.PRECONDITION_FAILED.uri());
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");
        assertThat(get(path).json().get("steps").toString()).as("the first edit survives").contains("totp");

        // the second editor re-reads and saves on top
        Reply again = put(path, stale.header("ETag"), PASSKEY_ONLY).is(200);
        assertThat(again.header("ETag")).isEqualTo("\"2\"");

        put(path, null, VALID).isProblem(428);
        put(path, "*", VALID).isProblem(428);
        put(path, "W/\"2\"", VALID).isProblem(412);
        assertThat(put(path, "not-a-tag", VALID).isProblem(400).errorFields()).containsExactly("If-Match");
    }

    @Test
    void simultaneousSavesOfOneVersionLetExactlyOneWin() throws Exception {
        String path = flowPath(newApplication());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Callable<Integer>> editors = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                editors.add(() -> {
                    go.await();
                    return put(path, "\"0\"", VALID).status();
                });
            }
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> e : editors) {
                results.add(pool.submit(e));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(200, 412).containsOnlyOnce(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(get(path).json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aFlowThatCannotWorkIs400ListingEveryProblem() throws Exception {
        String path = flowPath(newApplication());

        Reply unknown = put(path, "\"0\"", "{\"steps\":[{\"options\":[\"password\",\"retina-scan\"]}]}").isProblem(400);
        assertThat(unknown.json().get("type").asText()).isEqualTo(ProblemType.INVALID_LOGIN_FLOW.uri());
        assertThat(problems(unknown)).singleElement().asString().contains("retina-scan").contains("installed");
        assertThat(unknown.json().get("detail").asText()).contains("retina-scan");

        assertThat(problems(put(path, "\"0\"", "{\"steps\":[{\"options\":[\"password\"]},{\"options\":[]}]}").isProblem(400)))
                .singleElement().asString().contains("Step 2 is empty");
        assertThat(problems(put(path, "\"0\"", "{\"steps\":[]}").isProblem(400))).singleElement().asString().contains("at least one step");
        assertThat(problems(put(path, "\"0\"", "{\"steps\":[{\"options\":[\"totp\"]},{\"options\":[\"password\"]}]}").isProblem(400)))
                .singleElement().asString().contains("Step 1 can never run");

        // every problem at once, not the first only
        Reply many = put(path, "\"0\"", """
                {"steps":[{"options":["totp"],"when":"enrolled"},{"options":["nope"]},{"options":[]}]}""").isProblem(400);
        assertThat(problems(many)).hasSizeGreaterThanOrEqualTo(4)
                .anySatisfy(p -> assertThat(p).contains("can never run"))
                .anySatisfy(p -> assertThat(p).contains("not known yet"))
                .anySatisfy(p -> assertThat(p).contains("'nope'"))
                .anySatisfy(p -> assertThat(p).contains("Step 3 is empty"));
        assertThat(many.json().get("detail").asText()).contains(problems(many).size() + " problems");

        assertThat(problems(put(path, "\"0\"", "{\"steps\":[{\"options\":[\"password\"]}],\"colour\":\"red\"}").isProblem(400)))
                .singleElement().asString().contains("unknown field \"colour\"");
        assertThat(problems(put(path, "\"0\"", "{\"steps\":[{\"options\":[\"password\"],\"if\":\"raining\"}]}").isProblem(400)))
                .singleElement().asString().contains("Step 1").contains("unknown field \"if\"");
        assertThat(problems(put(path, "\"0\"", "{\"steps\":[{\"options\":[\"password\"],\"when\":\"sometimes\"}]}").isProblem(400)))
                .singleElement().asString().contains("\"when\"");
        assertThat(problems(put(path, "\"0\"", "{\"steps\":{\"options\":[\"password\"]}}").isProblem(400)))
                .singleElement().asString().contains("\"steps\" must be an array");

        Reply malformed = put(path, "\"0\"", "{\"steps\":[{\"options\":[\"password\"").isProblem(400);
        assertThat(malformed.json().get("type").asText()).isEqualTo(ProblemType.MALFORMED_JSON.uri());
        assertThat(problems(malformed)).singleElement().asString().contains("not valid JSON");
        assertThat(problems(put(path, "\"0\"", VALID + " trailing").isProblem(400))).hasSize(1);
        assertThat(problems(put(path, "\"0\"", "{\"steps\":[],\"steps\":[{\"options\":[\"password\"]}]}").isProblem(400))).hasSize(1);
        assertThat(problems(put(path, "\"0\"", "").isProblem(400))).hasSize(1);
        assertThat(problems(put(path, "\"0\"", "null").isProblem(400))).hasSize(1);
        assertThat(problems(put(path, "\"0\"", "[".repeat(100) + "]".repeat(100)).isProblem(400))).hasSize(1);

        // nothing of it was stored
        Reply after = get(path).is(200);
        assertThat(after.json().get("inherited").asBoolean()).isTrue();
        assertThat(after.header("ETag")).isEqualTo("\"0\"");
    }

    @Test
    void unknownApplicationsAre404() throws Exception {
        get(flowPath("no-such-client")).isProblem(404);
        put(flowPath("no-such-client"), "\"0\"", VALID).isProblem(404);
        assertThat(definitions.stored(Directory.ORG, "no-such-client")).as("no flow stored for a client id that does not exist").isEmpty();
    }

    @Test
    void hostileRequestsAre4xxProblems() throws Exception {
        String path = flowPath(newApplication());
        String big = "{\"steps\":[{\"options\":[\"password\"]}],\"x\":\"" + "a".repeat(70_000) + "\"}";
        put(path, "\"0\"", big).isProblem(413);
        put("/api/login-flow", "\"0\"", big).isProblem(413);
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        TestServer.send(server.request(path).header("Authorization", ADMIN).header("Content-Type", "application/json").header("If-Match", "\"0\"")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))).isProblem(413);
        // within the API's body limit, beyond what the core stores
        String long_ = "{\"steps\":[{\"options\":[\"password\"],\"requiredForGroups\":[\"" + "g".repeat(20_000) + "\"]}]}";
        assertThat(problems(put(path, "\"0\"", long_).isProblem(400))).singleElement().asString().contains("longer than");

        TestServer.send(server.request(path).header("Authorization", ADMIN).header("Content-Type", "text/plain").header("If-Match", "\"0\"")
                .PUT(TestServer.json(VALID))).isProblem(415);
        TestServer.send(server.request(path).header("Authorization", ADMIN).header("Content-Type", "application/xml").header("If-Match", "\"0\"")
                .PUT(TestServer.json("<steps/>"))).isProblem(415);
        TestServer.send(server.request(path).header("Authorization", ADMIN).header("Accept", "text/html").GET()).isProblem(406);
        Reply wrongMethod = TestServer.send(server.request("/api/login-flow").header("Authorization", ADMIN).DELETE()).isProblem(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD, PUT, OPTIONS");
        assertThat(TestServer.send(server.request(path).header("Authorization", ADMIN).POST(TestServer.json(VALID))).isProblem(405)
                .header("Allow")).isEqualTo("GET, HEAD, PUT, OPTIONS");
        TestServer.send(server.request(path + "/extra").header("Authorization", ADMIN).GET()).isProblem(404);
        assertThat(get(path).json().get("inherited").asBoolean()).isTrue();
    }

    @Test
    void onlyAdministratorsSeeOrChangeFlows() throws Exception {
        String path = flowPath(newApplication());
        for (String p : List.of(path, "/api/login-flow")) {
            TestServer.send(server.request(p).GET()).isProblem(401);
            TestServer.send(server.request(p).header("Content-Type", "application/json").header("If-Match", "\"0\"").PUT(TestServer.json(VALID)))
                    .isProblem(401);
            TestServer.send(server.request(p).header("Authorization", NOT_ADMIN).GET()).isProblem(403);
            TestServer.send(server.request(p).header("Authorization", NOT_ADMIN).header("Content-Type", "application/json").header("If-Match", "\"0\"")
                    .PUT(TestServer.json(VALID))).isProblem(403);
        }
        assertThat(definitions.stored(Directory.ORG, path.split("/")[3])).isEmpty();
    }

    @Test
    void withoutTheFlowStoreOnlyFlowsAre503() throws Exception {
        String clientId = newApplication();
        organizationFlow.loginFlows = null;
        applicationFlow.loginFlows = null;
        try {
            assertThat(get("/api/login-flow").isProblem(503).header("Retry-After")).isNotNull();
            get(flowPath(clientId)).isProblem(503);
            put(flowPath(clientId), "\"0\"", VALID).isProblem(503);
            get("/api/applications/" + clientId).is(200);
        } finally {
            organizationFlow.loginFlows = definitions;
            applicationFlow.loginFlows = definitions;
        }
    }
}
