package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gatehouse.itests.oidc.OidcFixture.describe;
import static org.gatehouse.itests.oidc.OidcFixture.form;
import static org.gatehouse.itests.oidc.OidcFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.NotImplementedException;
import com.unboundid.scim2.common.exceptions.NotModifiedException;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatehouse.itests.GatehouseServer;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SCIM 2.0 server of the real distribution, driven by a SCIM client from another project (the
 * UnboundID SCIM 2 SDK on Jersey) and by raw HTTP for the RFC 7644 cases a client library hides:
 * create, get, replace, patch, delete, filter, sort, page, bulk, ETag conflicts, /Me with a user's
 * token, schema discovery, and the error answers with their status and scimType. Tokens come from
 * the server's own OAuth 2 endpoints: client credentials of m2m applications created through the
 * management API, and an authorization code for /Me (through the browserless login of {@link
 * OidcFixture}, hence this package).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimIT {

    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    private OidcFixture op;
    private String base;
    private String writerToken;
    private String readerToken;
    private Client jersey;
    private ScimService scim;

    @BeforeAll
    void start() throws Exception {
        op = OidcFixture.start("scim");
        base = op.issuer + "/scim2";
        writerToken = clientCredentials(m2m("SCIM provisioner", "scim:read scim:write"), "scim:read scim:write");
        readerToken = clientCredentials(m2m("SCIM reader", "scim:read"), "scim:read");
        // the default connector (HttpURLConnection) cannot send PATCH
        jersey = ClientBuilder.newClient(new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()));
        scim = client(writerToken);
    }

    @AfterAll
    void stop() {
        if (jersey != null) {
            jersey.close();
        }
        if (op != null) {
            op.close();
        }
    }

    private ScimService client(String token) {
        return new ScimService(jersey.target(base).register((ClientRequestFilter) request ->
                request.getHeaders().putSingle("Authorization", "Bearer " + token)));
    }

    private JsonNode m2m(String name, String scope) {
        ObjectNode app = OidcFixture.app("m2m", name);
        app.put("scope", scope);
        return op.createApplication(app);
    }

    private String clientCredentials(JsonNode app, String scope) {
        HttpResponse<String> r = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "client_credentials", "scope", scope),
                "Authorization", GatehouseServer.basic(app.path("client_id").asText(), app.path("client_secret").asText()));
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(200);
        return json(r).path("access_token").asText();
    }

    // ---- through the UnboundID SCIM 2 SDK -------------------------------------------------------

    @Test
    void discoveryDescribesTheServer() throws Exception {
        ServiceProviderConfigResource spc = scim.getServiceProviderConfig();
        assertThat(spc.getPatch().isSupported()).isTrue();
        assertThat(spc.getBulk().isSupported()).isTrue();
        assertThat(spc.getBulk().getMaxOperations()).isEqualTo(100);
        assertThat(spc.getEtag().isSupported()).isTrue();
        assertThat(spc.getFilter().getMaxResults()).isEqualTo(200);
        assertThat(spc.getAuthenticationSchemes()).extracting(s -> s.getType()).contains("oauthbearertoken");

        ListResponse<ResourceTypeResource> types = scim.getResourceTypes();
        assertThat(types.getResources()).extracting(ResourceTypeResource::getName).containsExactlyInAnyOrder("User", "Group");
        assertThat(scim.getResourceType("User").getSchemaExtensions()).extracting(e -> e.getSchema().toString()).contains(ENTERPRISE);

        ListResponse<SchemaResource> schemas = scim.getSchemas();
        assertThat(schemas.getResources()).extracting(SchemaResource::getId).contains(USER, ENTERPRISE,
                "urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(scim.getSchema(USER).getAttributes()).extracting(a -> a.getName()).contains("userName", "emails", "groups", "password");
    }

    @Test
    void createReadReplacePatchSearchDelete() throws Exception {
        UserResource u = new UserResource().setUserName("bjensen").setDisplayName("Babs").setActive(true).setPassword("Tour-Operat1ons")
                .setName(new Name().setGivenName("Barbara").setFamilyName("Jensen"))
                .setEmails(new Email().setValue("bjensen@example.com").setType("work").setPrimary(true));
        u.setExternalId("hr-701984");
        u.setExtension(new EnterpriseUserExtension().setEmployeeNumber("701984").setDepartment("Tour Operations"));
        UserResource created = scim.create("Users", u);
        String id = created.getId();
        assertThat(id).isNotBlank();
        assertThat(created.getMeta().getVersion()).startsWith("W/\"");
        assertThat(created.getMeta().getLocation().toString()).isEqualTo(base + "/Users/" + id);
        assertThat(created.getPassword()).isNull();
        assertThat(created.getExternalId()).isEqualTo("hr-701984");
        assertThat(created.getExtension(EnterpriseUserExtension.class).getDepartment()).isEqualTo("Tour Operations");

        UserResource read = scim.retrieve("Users", id, UserResource.class);
        assertThat(read.getName().getFamilyName()).isEqualTo("Jensen");
        assertThatThrownBy(() -> scim.retrieveRequest("Users", id).ifNoneMatch(read.getMeta().getVersion()).invoke(UserResource.class))
                .isInstanceOf(NotModifiedException.class);

        read.setTitle("Tour Guide");
        UserResource replaced = scim.replaceRequest(read).ifMatch().invoke();
        assertThat(replaced.getTitle()).isEqualTo("Tour Guide");
        assertThat(replaced.getMeta().getVersion()).isNotEqualTo(read.getMeta().getVersion());
        // the version read before is stale now: RFC 7644 section 3.14
        assertThatThrownBy(() -> scim.replaceRequest(read).ifMatch().invoke()).isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> scim.modifyRequest("Users", id).ifMatch(read.getMeta().getVersion()).replaceValue("title", "x")
                .invoke(UserResource.class)).isInstanceOf(PreconditionFailedException.class);

        UserResource patched = scim.modifyRequest("Users", id).ifMatch(replaced.getMeta().getVersion())
                .replaceValue("displayName", "Barbara J")
                .replaceValue("emails[type eq \"work\"].value", "barbara@example.com")
                .replaceValue(ENTERPRISE + ":department", "Tour Planning")
                .removeValues("title")
                .invoke(UserResource.class);
        assertThat(patched.getDisplayName()).isEqualTo("Barbara J");
        assertThat(patched.getEmails()).extracting(Email::getValue).containsExactly("barbara@example.com");
        assertThat(patched.getExtension(EnterpriseUserExtension.class).getDepartment()).isEqualTo("Tour Planning");
        assertThat(patched.getTitle()).isNull();

        ListResponse<UserResource> found = scim.searchRequest("Users")
                .filter("userName eq \"BJENSEN\" and emails[type eq \"work\" and value ew \"example.com\"] and " + ENTERPRISE + ":employeeNumber pr")
                .attributes("userName", "emails").invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources().get(0).getDisplayName()).as("not asked for").isNull();
        assertThat(found.getResources().get(0).getUserName()).isEqualTo("bjensen");

        scim.delete("Users", id);
        assertThatThrownBy(() -> scim.retrieve("Users", id, UserResource.class)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void filtersSortAndPagesRunInTheStore() throws Exception {
        for (int i = 1; i <= 6; i++) {
            scim.create("Users", new UserResource().setUserName("pager-" + i).setDisplayName("Pager " + (7 - i)).setActive(i % 3 != 0));
        }
        ListResponse<UserResource> page = scim.searchRequest("Users").filter("userName sw \"pager-\" and not (active eq false)")
                .sort("userName", SortOrder.DESCENDING).page(2, 2).invoke(UserResource.class);
        assertThat(page.getTotalResults()).isEqualTo(4);
        assertThat(page.getStartIndex()).isEqualTo(2);
        assertThat(page.getItemsPerPage()).isEqualTo(2);
        assertThat(page.getResources()).extracting(UserResource::getUserName).containsExactly("pager-4", "pager-2");

        ListResponse<UserResource> posted = scim.searchRequest("Users").filter("displayName co \"ager 1\" or userName eq \"pager-5\"")
                .sort("displayName", SortOrder.ASCENDING).invokePost(UserResource.class);
        assertThat(posted.getResources()).extracting(UserResource::getUserName).containsExactly("pager-6", "pager-5");

        assertThatThrownBy(() -> scim.searchRequest("Users").filter("userName eq").invoke(UserResource.class))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getScimError().getScimType()).isEqualTo("invalidFilter"));
        assertThatThrownBy(() -> scim.searchRequest("Users").filter("shoeSize gt 40").invoke(UserResource.class))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getScimError().getScimType()).isEqualTo("invalidFilter"));
    }

    @Test
    void groupsAndConflicts() throws Exception {
        UserResource a = scim.create("Users", new UserResource().setUserName("member-a"));
        UserResource b = scim.create("Users", new UserResource().setUserName("member-b"));
        GroupResource group = scim.create("Groups", new GroupResource().setDisplayName("Tour Guides")
                .setMembers(new Member().setValue(a.getId()).setType("User")));
        assertThat(group.getMembers()).extracting(Member::getValue).containsExactly(a.getId());

        GroupResource changed = scim.modifyRequest("Groups", group.getId())
                .addValues("members", new Member().setValue(b.getId()))
                .removeValues("members[value eq \"" + a.getId() + "\"]")
                .invoke(GroupResource.class);
        assertThat(changed.getMembers()).extracting(Member::getValue).containsExactly(b.getId());
        assertThat(scim.retrieve("Users", b.getId(), UserResource.class).getGroups()).extracting(g -> g.getValue()).containsExactly(group.getId());

        assertThatThrownBy(() -> scim.create("Users", new UserResource().setUserName("MEMBER-A")))
                .isInstanceOfSatisfying(ResourceConflictException.class, e -> assertThat(e.getScimError().getScimType()).isEqualTo("uniqueness"));
        assertThatThrownBy(() -> scim.create("Groups", new GroupResource().setDisplayName("tour guides")))
                .isInstanceOfSatisfying(ResourceConflictException.class, e -> assertThat(e.getScimError().getScimType()).isEqualTo("uniqueness"));
        assertThatThrownBy(() -> scim.modifyRequest("Users", a.getId()).replaceValue("id", "other").invoke(UserResource.class))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getScimError().getScimType()).isEqualTo("mutability"));
        assertThatThrownBy(() -> client(readerToken).delete("Users", a.getId())).isInstanceOf(ForbiddenException.class);
        assertThat(client(readerToken).retrieve("Users", a.getId(), UserResource.class).getUserName()).isEqualTo("member-a");

        scim.delete("Groups", group.getId());
        assertThat(scim.retrieve("Users", b.getId(), UserResource.class).getGroups()).isNullOrEmpty();
    }

    @Test
    void meIsTheUserTheTokenActsFor() throws Exception {
        scim.create("Users", new UserResource().setUserName("selfie").setPassword("Selfie-Pa55word!")
                .setEmails(new Email().setValue("selfie@example.com")));
        String redirectUri = "http://127.0.0.1:" + GatehouseServer.freePort() + "/cb";
        ObjectNode web = OidcFixture.app("web", "SCIM self-service");
        web.putArray("redirect_uris").add(redirectUri);
        web.put("scope", "openid scim:me");
        web.put("skip_consent", true);
        web.put("token_endpoint_auth_method", "client_secret_basic");
        JsonNode app = op.createApplication(web);
        String clientId = app.path("client_id").asText();

        String verifier = OidcFixture.random(32);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        params.put("redirect_uri", redirectUri);
        params.put("scope", "openid scim:me");
        params.put("state", OidcFixture.random(12));
        params.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        params.put("code_challenge_method", "S256");
        URI back = op.browserless("selfie", "Selfie-Pa55word!").authorize(params);
        String code = OidcFixture.queryParams(back).get("code");
        assertThat(code).as("authorization response %s", back).isNotBlank();
        HttpResponse<String> tokens = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri, "code_verifier", verifier), "Authorization",
                GatehouseServer.basic(clientId, app.path("client_secret").asText()));
        assertThat(tokens.statusCode()).as(describe(tokens)).isEqualTo(200);
        ScimService me = client(json(tokens).path("access_token").asText());

        UserResource self = me.retrieve(ScimService.ME_URI, UserResource.class);
        assertThat(self.getUserName()).isEqualTo("selfie");
        UserResource renamed = me.modifyRequest(ScimService.ME_URI).replaceValue("displayName", "Me, myself").invoke(UserResource.class);
        assertThat(renamed.getDisplayName()).isEqualTo("Me, myself");
        assertThatThrownBy(() -> me.modifyRequest(ScimService.ME_URI).replaceValue("active", false).invoke(UserResource.class))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> me.searchRequest("Users").invoke(UserResource.class)).as("a user's token does not provision")
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> scim.retrieve(ScimService.ME_URI, UserResource.class)).as("a client's token has no /Me")
                .isInstanceOf(NotImplementedException.class);
    }

    // ---- raw HTTP: what RFC 7644 says on the wire ------------------------------------------------

    private HttpResponse<String> call(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !typed) {
            b.header("Content-Type", "application/scim+json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return op.send(b.build());
    }

    private static JsonNode scimError(HttpResponse<String> r, int status, String scimType) {
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(describe(r)).startsWith("application/scim+json");
        JsonNode body = json(r);
        assertThat(body.path("schemas").get(0).asText()).isEqualTo(ERROR);
        assertThat(body.path("status").asText()).as("status is a JSON string").isEqualTo(String.valueOf(status));
        if (scimType != null) {
            assertThat(body.path("scimType").asText()).as(describe(r)).isEqualTo(scimType);
        }
        assertThat(body.path("detail").asText()).isNotBlank();
        return body;
    }

    @Test
    void rfc7644OnTheWire() {
        // authentication and authorization (RFC 6750 challenges)
        HttpResponse<String> anonymous = call("GET", "/Users", null, null);
        scimError(anonymous, 401, null);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        HttpResponse<String> forged = call("GET", "/Users", "not-a-token", null);
        scimError(forged, 401, null);
        assertThat(forged.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        scimError(call("POST", "/Users", readerToken, "{\"schemas\":[\"" + USER + "\"],\"userName\":\"x\"}"), 403, null);

        // create: 201 with Location, ETag and the resource
        HttpResponse<String> created = call("POST", "/Users", writerToken, "{\"schemas\":[\"" + USER + "\"],\"userName\":\"wire\","
                + "\"emails\":[{\"value\":\"wire@example.com\",\"type\":\"work\"}]}");
        assertThat(created.statusCode()).as(describe(created)).isEqualTo(201);
        String id = json(created).path("id").asText();
        String etag = created.headers().firstValue("ETag").orElseThrow();
        assertThat(created.headers().firstValue("Location")).contains(base + "/Users/" + id);
        assertThat(json(created).path("meta").path("version").asText()).isEqualTo(etag);
        assertThat(call("GET", "/Users/" + id, writerToken, null, "If-None-Match", etag).statusCode()).isEqualTo(304);

        // PATCH as Entra ID sends it: capitalised ops, a filtered add that creates, string booleans
        HttpResponse<String> patched = call("PATCH", "/Users/" + id, writerToken, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"Add\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"].value\",\"value\":\"+41 79 123 45 67\"},"
                + "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}", "If-Match", etag);
        assertThat(patched.statusCode()).as(describe(patched)).isEqualTo(200);
        assertThat(json(patched).path("phoneNumbers").get(0).path("type").asText()).isEqualTo("mobile");
        assertThat(json(patched).path("active").asBoolean()).isFalse();
        scimError(call("DELETE", "/Users/" + id, writerToken, null, "If-Match", etag), 412, null);
        scimError(call("PATCH", "/Users/" + id, writerToken, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2020-01-01T00:00:00Z\"}]}"), 400, "mutability");

        // errors: bad filters, unknown attributes, wrong media types, oversized bodies, unknown endpoints
        scimError(call("GET", "/Users?filter=" + enc("userName eq \"a\" and"), writerToken, null), 400, "invalidFilter");
        scimError(call("GET", "/Users?filter=" + enc("emails[type eq \"work\"") , writerToken, null), 400, "invalidFilter");
        scimError(call("GET", "/Users?attributes=shoeSize", writerToken, null), 400, "invalidValue");
        scimError(call("POST", "/Users", writerToken, "{\"schemas\":[\"" + USER + "\"],\"userName\":\"y\",\"shoeSize\":44}"), 400, "invalidSyntax");
        scimError(call("POST", "/Users", writerToken, "{\"schemas\":[\"" + USER + "\"],\"userName\":", "Content-Type", "application/json"),
                400, "invalidSyntax");
        scimError(call("POST", "/Users", writerToken, "userName=z", "Content-Type", "application/x-www-form-urlencoded"), 415, null);
        scimError(call("POST", "/Users", writerToken, "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + "z".repeat(1_100_000) + "\"}"), 413, null);
        scimError(call("GET", "/Nothing", writerToken, null), 404, null);
        scimError(call("DELETE", "/Users", writerToken, null), 405, null);
        scimError(call("GET", "/ServiceProviderConfig?filter=" + enc("patch.supported eq true"), writerToken, null), 403, null);

        // search by POST (RFC 7644 section 3.4.3)
        HttpResponse<String> search = call("POST", "/Users/.search", writerToken, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"userName eq \\\"wire\\\"\",\"attributes\":[\"userName\"],\"count\":5}");
        assertThat(search.statusCode()).as(describe(search)).isEqualTo(200);
        assertThat(json(search).path("totalResults").asInt()).isEqualTo(1);
        assertThat(json(search).path("Resources").get(0).has("emails")).isFalse();
    }

    @Test
    void bulkRequestsWithBulkIdsAndLimits() {
        String bulk = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"failOnErrors\":1,\"Operations\":["
                + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"qwerty\",\"data\":{\"schemas\":[\"" + USER + "\"],\"userName\":\"alice-bulk\"}},"
                + "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"ytrewq\",\"data\":{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Bulk group\",\"members\":[{\"type\":\"User\",\"value\":\"bulkId:qwerty\"}]}},"
                + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"again\",\"data\":{\"schemas\":[\"" + USER + "\"],\"userName\":\"alice-bulk\"}},"
                + "{\"method\":\"DELETE\",\"path\":\"/Users/bulkId:qwerty\"}]}";
        HttpResponse<String> r = call("POST", "/Bulk", writerToken, bulk);
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(200);
        JsonNode ops = json(r).path("Operations");
        assertThat(ops).as("failOnErrors 1 stops after the conflict").hasSize(3);
        assertThat(ops.get(0).path("status").asText()).isEqualTo("201");
        assertThat(ops.get(0).path("location").asText()).startsWith(base + "/Users/");
        assertThat(ops.get(0).path("version").asText()).startsWith("W/");
        assertThat(ops.get(1).path("status").asText()).isEqualTo("201");
        assertThat(ops.get(2).path("status").asText()).isEqualTo("409");
        assertThat(ops.get(2).path("response").path("scimType").asText()).isEqualTo("uniqueness");
        String groupLocation = ops.get(1).path("location").asText();
        HttpResponse<String> group = call("GET", groupLocation.substring(base.length()), writerToken, null);
        assertThat(json(group).path("members").get(0).path("display").asText()).isEqualTo("alice-bulk");

        StringBuilder tooMany = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
        for (int i = 0; i < 101; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"method\":\"DELETE\",\"path\":\"/Users/nobody").append(i).append("\"}");
        }
        scimError(call("POST", "/Bulk", writerToken, tooMany + "]}"), 413, null);
        scimError(call("POST", "/Bulk", readerToken, bulk), 403, null);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
