package org.gatehouse.protocol.scim2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SCIM requests and answers as RFC 7644 writes them, over real JDBC stores on H2 and PostgreSQL. */
class ScimServiceTest {

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    private static final String ALICE = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"hr-1","userName":"alice","name":{"givenName":"Alice","familyName":"Liddell","middleName":"P"},
             "displayName":"Alice L","title":"Engineer","active":true,"password":"Wonder-land-1",
             "emails":[{"value":"alice@example.com","type":"work","primary":true}],
             "phoneNumbers":[{"value":"+41 44 123 45 67","type":"mobile"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701","department":"R&D","costCenter":"4130"},
             "urn:gatehouse:scim:schemas:extension:custom:2.0:User":{"costCode":"X-1"}}""";

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void createGetReplacePatchDeleteWithEtags(TestDatabase db) {
        try (ScimFixture f = new ScimFixture(db)) {
            ScimResponse created = f.call("POST", "/Users", ALICE);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode alice = created.body();
            String id = alice.path("id").asText();
            assertThat(created.headers().get("Location")).isEqualTo("https://id.example/scim2/Users/" + id);
            assertThat(created.headers().get("ETag")).isEqualTo(alice.path("meta").path("version").asText()).startsWith("W/\"");
            assertThat(alice.has("password")).isFalse();
            assertThat(alice.path("name").path("middleName").asText()).isEqualTo("P");
            assertThat(alice.path("emails").get(0).path("type").asText()).isEqualTo("work");
            assertThat(alice.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asText()).isEqualTo("R&D");
            assertThat(alice.path("urn:gatehouse:scim:schemas:extension:custom:2.0:User").path("costCode").asText()).isEqualTo("X-1");
            assertThat(alice.path("groups").isArray()).isTrue();
            assertThat(f.directory.authenticate(ScimContext.ORG, "alice", "Wonder-land-1".toCharArray()).user()).isPresent();

            ScimResponse got = f.call("GET", "/Users/" + id);
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.body().path("userName").asText()).isEqualTo("alice");
            String etag = got.headers().get("ETag");
            assertThat(f.call("GET", "/Users/" + id, null, "If-None-Match", etag).status()).isEqualTo(304);

            // PUT replaces: what is left out is gone, read-only values sent back are ignored
            String replacement = """
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"ignored","userName":"alice","active":false,
                     "name":{"givenName":"Alice"},"meta":{"version":"W/\\"99\\""}}""";
            ScimResponse replaced = f.call("PUT", "/Users/" + id, replacement, "If-Match", etag);
            assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
            assertThat(replaced.body().path("active").asBoolean()).isFalse();
            assertThat(replaced.body().has("emails")).isFalse();
            assertThat(replaced.body().has("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")).isFalse();
            assertThat(replaced.headers().get("ETag")).isNotEqualTo(etag);

            // a stale ETag: 412, nothing changed
            ScimResponse stale = f.call("PUT", "/Users/" + id, replacement, "If-Match", etag);
            assertThat(stale.status()).isEqualTo(412);
            assertThat(stale.body().path("status").asText()).isEqualTo("412");
            assertThat(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":true}"), "If-Match", etag).status())
                    .isEqualTo(412);
            assertThat(f.call("DELETE", "/Users/" + id, null, "If-Match", etag).status()).isEqualTo(412);

            ScimResponse patched = f.call("PATCH", "/Users/" + id, patch(
                    "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"a@example.org\",\"type\":\"home\"}]}",
                    "{\"op\":\"replace\",\"value\":{\"active\":true,\"displayName\":\"Al\"}}",
                    "{\"op\":\"add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\",\"value\":\"Ops\"}",
                    "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"b@example.org\"}",
                    "{\"op\":\"remove\",\"path\":\"name.givenName\"}"),
                    "If-Match", replaced.headers().get("ETag"));
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            JsonNode p = patched.body();
            assertThat(p.path("active").asBoolean()).isTrue();
            assertThat(p.path("displayName").asText()).isEqualTo("Al");
            assertThat(p.path("emails").get(0).path("value").asText()).isEqualTo("b@example.org");
            assertThat(p.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asText()).isEqualTo("Ops");
            assertThat(p.path("schemas").toString()).contains("enterprise");
            assertThat(p.has("name")).isFalse();

            assertThat(f.call("DELETE", "/Users/" + id).status()).isEqualTo(204);
            assertThat(f.call("GET", "/Users/" + id).status()).isEqualTo(404);
            assertThat(f.call("GET", "/Users/" + id).body().path("schemas").get(0).asText()).isEqualTo(Schemas.ERROR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void filtersSortAndPageInTheStore(TestDatabase db) {
        try (ScimFixture f = new ScimFixture(db)) {
            for (String[] u : List.of(
                    new String[] {"ann", "Ann", "ann@a.example", "true", "10"},
                    new String[] {"bob", "Bob", "bob@b.example", "true", "20"},
                    new String[] {"cid", "Cid", "cid@a.example", "false", "30"},
                    new String[] {"dee", "Dee", "dee@b.example", "true", "40"},
                    new String[] {"eve", "Eve", null, "true", "50"})) {
                String email = u[2] == null ? "" : ",\"emails\":[{\"value\":\"" + u[2] + "\",\"type\":\"work\"}]";
                ScimResponse r = f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"" + u[0]
                        + "\",\"displayName\":\"" + u[1] + "\",\"active\":" + u[3] + email
                        + ",\"" + Schemas.ENTERPRISE + "\":{\"costCenter\":\"" + u[4] + "\"}}");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
            }
            assertThat(names(f, "userName eq \"ANN\"")).containsExactly("ann");
            assertThat(names(f, "userName ne \"ann\"")).containsExactly("bob", "cid", "dee", "eve");
            assertThat(names(f, "displayName co \"e\"")).containsExactly("dee", "eve");
            assertThat(names(f, "userName sw \"b\" or userName ew \"e\"")).containsExactly("bob", "dee", "eve");
            assertThat(names(f, "emails pr and not (active eq false)")).containsExactly("ann", "bob", "dee");
            assertThat(names(f, "(emails.value ew \"a.example\" or userName eq \"eve\") and active eq true")).containsExactly("ann", "eve");
            assertThat(names(f, "emails[type eq \"work\" and value co \"@b.\"]")).containsExactly("bob", "dee");
            assertThat(names(f, "userName gt \"bob\" and userName le \"dee\"")).containsExactly("cid", "dee");
            assertThat(names(f, "userName ge \"dee\"")).containsExactly("dee", "eve");
            assertThat(names(f, "userName lt \"bob\"")).containsExactly("ann");
            assertThat(names(f, Schemas.ENTERPRISE + ":costCenter eq \"30\"")).containsExactly("cid");
            assertThat(names(f, "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bob\"")).containsExactly("bob");
            assertThat(names(f, "meta.created gt \"2000-01-01T00:00:00Z\"")).hasSize(5);

            ScimResponse sorted = f.call("GET", "/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=2");
            assertThat(sorted.body().path("totalResults").asInt()).isEqualTo(5);
            assertThat(sorted.body().path("startIndex").asInt()).isEqualTo(2);
            assertThat(sorted.body().path("itemsPerPage").asInt()).isEqualTo(2);
            assertThat(userNames(sorted)).containsExactly("dee", "cid");
            ScimResponse countZero = f.call("GET", "/Users?count=0");
            assertThat(countZero.body().path("totalResults").asInt()).isEqualTo(5);
            assertThat(countZero.body().path("Resources").size()).isZero();
            ScimResponse search = f.call("POST", "/Users/.search", "{\"schemas\":[\"" + Schemas.SEARCH_REQUEST
                    + "\"],\"filter\":\"active eq true\",\"sortBy\":\"userName\",\"startIndex\":1,\"count\":2,\"attributes\":[\"userName\"]}");
            assertThat(userNames(search)).containsExactly("ann", "bob");
            assertThat(search.body().path("Resources").get(0).has("displayName")).isFalse();
            assertThat(search.body().path("Resources").get(0).has("id")).isTrue();

            // projection
            JsonNode only = f.call("GET", "/Users?filter=userName%20eq%20%22ann%22&attributes=userName,emails.value," + Schemas.ENTERPRISE + ":costCenter")
                    .body().path("Resources").get(0);
            assertThat(only.has("displayName")).isFalse();
            assertThat(only.path("emails").get(0).has("type")).isFalse();
            assertThat(only.path("emails").get(0).path("value").asText()).isEqualTo("ann@a.example");
            assertThat(only.path(Schemas.ENTERPRISE).path("costCenter").asText()).isEqualTo("10");
            JsonNode without = f.call("GET", "/Users?filter=userName%20eq%20%22ann%22&excludedAttributes=emails,groups,meta")
                    .body().path("Resources").get(0);
            assertThat(without.has("emails")).isFalse();
            assertThat(without.has("meta")).isFalse();
            assertThat(without.has("groups")).isFalse();
            assertThat(without.path("displayName").asText()).isEqualTo("Ann");

            // bad requests, each with its scimType
            assertError(f.call("GET", "/Users?filter=userName%20eq"), 400, "invalidFilter");
            assertError(f.call("GET", "/Users?filter=nosuch%20eq%20%22x%22"), 400, "invalidFilter");
            assertError(f.call("GET", "/Users?filter=password%20eq%20%22x%22"), 400, "invalidFilter");
            assertError(f.call("GET", "/Users?filter=" + "x".repeat(3000)), 400, "invalidFilter");
            assertError(f.call("GET", "/Users?sortBy=title"), 400, "invalidValue");
            assertError(f.call("GET", "/Users?attributes=nosuch"), 400, "invalidValue");
            assertError(f.call("GET", "/Users?startIndex=x"), 400, "invalidValue");
            assertThat(f.call("GET", "/Users?count=100000").body().path("itemsPerPage").asInt()).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void errorsCarryTheRightStatusAndScimType(TestDatabase db) {
        try (ScimFixture f = new ScimFixture(db)) {
            String id = f.call("POST", "/Users", ALICE).body().path("id").asText();
            assertError(f.call("POST", "/Users", ALICE.replace("\"hr-1\"", "\"hr-2\"").replace("alice", "ALICE")), 409, "uniqueness");
            assertError(f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"x\",\"shoeSize\":44}"), 400, "invalidSyntax");
            assertError(f.call("POST", "/Users", "{\"userName\":\"x\"}"), 400, "invalidSyntax");
            assertError(f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"x\",\"active\":\"maybe\"}"), 400, "invalidValue");
            assertError(f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"bad name\"}"), 400, "invalidValue");
            assertError(f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"x\",\"emails\":[{\"value\":\"a@b.cd\"},{\"value\":\"c@d.ef\"}]}"),
                    400, "invalidValue");
            assertError(f.call("POST", "/Users", "{not json"), 400, "invalidSyntax");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}")), 400, "mutability");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"x\"}]}")), 400, "mutability");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"remove\",\"path\":\"userName\"}")), 400, "mutability");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"remove\"}")), 400, "noTarget");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"]\",\"value\":{\"value\":\"x@y.zz\"}}")),
                    400, "noTarget");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":1}")), 400, "invalidPath");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"emails[type eq]\",\"value\":1}")), 400, "invalidFilter");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"move\",\"path\":\"title\"}")), 400, "invalidSyntax");
            assertError(f.call("PUT", "/Users/" + id, ALICE, "If-Match", "garbage"), 400, "invalidVers");
            assertError(f.call("PATCH", "/Users/" + id, patch("{\"op\":\"replace\",\"path\":\"" + Schemas.ENTERPRISE
                    + ":manager\",\"value\":{\"value\":\"nobody\"}}")), 400, "invalidValue");
            assertThat(f.call("GET", "/Users/nobody").status()).isEqualTo(404);
            assertThat(f.call("DELETE", "/Users").status()).isEqualTo(405);
            assertThat(f.call("GET", "/Nothing").status()).isEqualTo(404);

            // scopes
            ScimFixture.JSON.createObjectNode();
            f.caller = new Caller("reader", java.util.Optional.empty(), Set.of(Caller.READ), true);
            assertThat(f.call("GET", "/Users/" + id).status()).isEqualTo(200);
            assertThat(f.call("DELETE", "/Users/" + id).status()).isEqualTo(403);
            f.caller = new Caller("nobody", java.util.Optional.empty(), Set.of("openid"), true);
            assertThat(f.call("GET", "/Users").status()).isEqualTo(403);
            assertThat(f.call("GET", "/Schemas").status()).isEqualTo(403);
        }
    }

    @Test
    void meIsTheTokensOwnUserWithinLimits() {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            JsonNode alice = f.call("POST", "/Users", ALICE).body();
            String id = alice.path("id").asText();
            Caller self = f.userCaller("PRIMARY", id, "alice", Set.of(Caller.ME), false);
            ScimResponse me = f.callAs(self, "GET", "/Me", null);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body().path("id").asText()).isEqualTo(id);
            assertThat(me.body().path("meta").path("location").asText()).endsWith("/Users/" + id);
            ScimResponse renamed = f.callAs(self, "PATCH", "/Me", patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Me\"}"));
            assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
            assertThat(renamed.body().path("displayName").asText()).isEqualTo("Me");
            assertThat(f.callAs(self, "PATCH", "/Me", patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":false}")).status()).isEqualTo(403);
            assertThat(f.callAs(self, "PATCH", "/Me", patch("{\"op\":\"replace\",\"path\":\"" + Schemas.ENTERPRISE + ":department\",\"value\":\"X\"}"))
                    .status()).isEqualTo(403);
            assertThat(f.callAs(self, "DELETE", "/Me", null).status()).isEqualTo(403);
            assertThat(f.callAs(self, "PATCH", "/Me", patch("{\"op\":\"replace\",\"path\":\"password\",\"value\":\"Stolen-token-1\"}")).status())
                    .isEqualTo(403);
            assertThat(f.callAs(self, "GET", "/Users", null).status()).as("a user's token does not provision").isEqualTo(403);
            assertThat(f.call("GET", "/Me").status()).as("a client's token has no /Me").isEqualTo(501);
            assertThat(f.callAs(f.userCaller("PRIMARY", id, "alice", Set.of("openid"), false), "GET", "/Me", null).status()).isEqualTo(403);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void groupsWithMembersAndPatchedMemberships(TestDatabase db) {
        try (ScimFixture f = new ScimFixture(db)) {
            List<String> ids = new ArrayList<>();
            for (String name : List.of("u1", "u2", "u3")) {
                ids.add(f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"" + name + "\"}").body().path("id").asText());
            }
            ScimResponse created = f.call("POST", "/Groups", "{\"schemas\":[\"" + Schemas.GROUP + "\"],\"displayName\":\"Staff\",\"members\":[{\"value\":\""
                    + ids.get(0) + "\"},{\"value\":\"" + ids.get(1) + "\",\"type\":\"User\"}]}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String gid = created.body().path("id").asText();
            assertThat(created.body().path("members").size()).isEqualTo(2);
            assertThat(f.call("GET", "/Users/" + ids.get(0)).body().path("groups").get(0).path("value").asText()).isEqualTo(gid);
            assertThat(f.call("GET", "/Users?filter=groups%20eq%20%22" + gid + "%22").body().path("totalResults").asInt()).isEqualTo(2);

            ScimResponse patched = f.call("PATCH", "/Groups/" + gid, patch(
                    "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + ids.get(2) + "\"}]}",
                    "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ids.get(0) + "\\\"]\"}",
                    "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Team\"}"));
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.body().path("displayName").asText()).isEqualTo("Team");
            assertThat(patched.body().path("members").findValuesAsText("value")).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
            assertThat(f.call("GET", "/Groups?filter=displayName%20eq%20%22team%22&excludedAttributes=members").body().path("Resources").get(0)
                    .has("members")).isFalse();

            assertError(f.call("POST", "/Groups", "{\"schemas\":[\"" + Schemas.GROUP + "\"],\"displayName\":\"team\"}"), 409, "uniqueness");
            assertError(f.call("POST", "/Groups", "{\"schemas\":[\"" + Schemas.GROUP + "\"],\"displayName\":\"X\",\"members\":[{\"value\":\"nobody\"}]}"),
                    400, "invalidValue");
            assertError(f.call("PATCH", "/Groups/" + gid, patch("{\"op\":\"remove\",\"path\":\"displayName\"}")), 400, "mutability");
            assertThat(f.call("DELETE", "/Groups/" + gid).status()).isEqualTo(204);
            assertThat(f.call("GET", "/Users/" + ids.get(1)).body().path("groups").size()).isZero();
        }
    }

    @Test
    void bulkResolvesBulkIdsStopsOnErrorsAndEnforcesItsLimits() {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            String bulk = "{\"schemas\":[\"" + Schemas.BULK_REQUEST + "\"],\"failOnErrors\":2,\"Operations\":["
                    + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u\",\"data\":{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"bulky\"}},"
                    + "{\"method\":\"POST\",\"path\":\"/Groups\",\"bulkId\":\"g\",\"data\":{\"schemas\":[\"" + Schemas.GROUP
                    + "\"],\"displayName\":\"Bulkers\",\"members\":[{\"value\":\"bulkId:u\"}]}},"
                    + "{\"method\":\"PATCH\",\"path\":\"/Users/bulkId:u\",\"data\":{\"schemas\":[\"" + Schemas.PATCH_OP
                    + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Boss\"}]}},"
                    + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"dup\",\"data\":{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"bulky\"}},"
                    + "{\"method\":\"DELETE\",\"path\":\"/Users/bulkId:nope\"},"
                    + "{\"method\":\"DELETE\",\"path\":\"/Users/bulkId:u\"}]}";
            ScimResponse r = f.call("POST", "/Bulk", bulk);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode ops = r.body().path("Operations");
            assertThat(ops.size()).as("stops after the second error").isEqualTo(5);
            assertThat(ops.get(0).path("status").asText()).isEqualTo("201");
            assertThat(ops.get(0).path("location").asText()).contains("/scim2/Users/");
            assertThat(ops.get(1).path("status").asText()).isEqualTo("201");
            assertThat(ops.get(2).path("status").asText()).isEqualTo("200");
            assertThat(ops.get(3).path("status").asText()).isEqualTo("409");
            assertThat(ops.get(3).path("response").path("scimType").asText()).isEqualTo("uniqueness");
            assertThat(ops.get(4).path("status").asText()).isEqualTo("400");
            String groupId = ops.get(1).path("location").asText().replaceAll(".*/", "");
            assertThat(f.call("GET", "/Groups/" + groupId).body().path("members").size()).isEqualTo(1);

            StringBuilder many = new StringBuilder("{\"schemas\":[\"" + Schemas.BULK_REQUEST + "\"],\"Operations\":[");
            for (int i = 0; i < 7; i++) {
                many.append(i == 0 ? "" : ",").append("{\"method\":\"DELETE\",\"path\":\"/Users/x").append(i).append("\"}");
            }
            ScimResponse tooMany = f.call("POST", "/Bulk", many + "]}");
            assertThat(tooMany.status()).isEqualTo(413);
            f.limits = new Limits(50, 2048, 1 << 20, 6, 500, 10000);
            assertThat(f.call("POST", "/Bulk", bulk).status()).isEqualTo(413);
            JsonNode spc = f.call("GET", "/ServiceProviderConfig").body();
            assertThat(spc.path("bulk").path("maxOperations").asInt()).isEqualTo(6);
            assertThat(spc.path("bulk").path("maxPayloadSize").asInt()).isEqualTo(500);
        }
    }

    @Test
    void spansStoresWithQualifiedNamesAndDegradesAStoreThatIsDown() {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            f.addStore("CORP", TestDatabases.h2());
            f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"pat\"}");
            ScimResponse corp = f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"CORP/carl\"}");
            assertThat(corp.status()).as(corp.toString()).isEqualTo(201);
            String carl = corp.body().path("id").asText();
            assertThat(carl).startsWith("CORP:");
            assertThat(corp.body().path("userName").asText()).isEqualTo("CORP/carl");
            assertThat(f.call("GET", "/Users/" + carl).body().path("userName").asText()).isEqualTo("CORP/carl");
            assertThat(names(f, "id eq \"" + carl + "\"")).containsExactly("CORP/carl");
            assertThat(names(f, "userName eq \"corp/carl\"")).containsExactly("CORP/carl");
            assertThat(userNames(f.call("GET", "/Users?sortBy=userName"))).containsExactly("pat", "CORP/carl");
            ScimResponse page2 = f.call("GET", "/Users?startIndex=2&count=1");
            assertThat(userNames(page2)).containsExactly("CORP/carl");
            assertThat(page2.body().path("totalResults").asInt()).isEqualTo(2);

            ScimResponse moved = f.call("PATCH", "/Users/" + carl, patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"PRIMARY/carl\"}"));
            assertError(moved, 400, "mutability");
            ScimResponse renamed = f.call("PATCH", "/Users/" + carl, patch("{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"CORP/karl\"}"));
            assertThat(renamed.body().path("userName").asText()).isEqualTo("CORP/karl");

            UserStore readOnly = (UserStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UserStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("descriptor")) {
                            return new UserStoreDescriptor("DOWN", "down", EnumSet.noneOf(StoreCapability.class));
                        }
                        throw new StoreUnavailableException("connection refused", null);
                    });
            f.bind(readOnly, 50L);
            ScimResponse partial = f.call("GET", "/Users");
            assertThat(partial.status()).isEqualTo(200);
            assertThat(partial.body().path("totalResults").asInt()).isEqualTo(2);
            assertThat(partial.headers().get("Warning")).contains("DOWN");
            assertError(f.call("POST", "/Users", "{\"schemas\":[\"" + Schemas.USER + "\"],\"userName\":\"DOWN/x\"}"), 400, "mutability");
            assertThat(f.call("GET", "/Users/DOWN:1").status()).isEqualTo(503);
        }
    }

    @Test
    void discoveryDescribesWhatTheServerDoes() {
        try (ScimFixture f = new ScimFixture(TestDatabases.h2())) {
            JsonNode types = f.call("GET", "/ResourceTypes").body();
            assertThat(types.path("totalResults").asInt()).isEqualTo(2);
            JsonNode user = f.call("GET", "/ResourceTypes/User").body();
            assertThat(user.path("endpoint").asText()).isEqualTo("/Users");
            assertThat(user.path("schemaExtensions").findValuesAsText("schema")).containsExactly(Schemas.ENTERPRISE, Schemas.CUSTOM);
            JsonNode schemas = f.call("GET", "/Schemas").body();
            assertThat(schemas.path("Resources").findValuesAsText("id")).contains(Schemas.USER, Schemas.GROUP, Schemas.ENTERPRISE, Schemas.CUSTOM);
            JsonNode custom = f.call("GET", "/Schemas/" + Schemas.CUSTOM).body();
            assertThat(custom.path("attributes").findValuesAsText("name")).containsExactly("costCode", "badge");
            assertThat(f.call("GET", "/ServiceProviderConfig?filter=x").status()).isEqualTo(403);
            assertThat(f.call("GET", "/Schemas/urn:nope").status()).isEqualTo(404);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    static String patch(String... ops) {
        return "{\"schemas\":[\"" + Schemas.PATCH_OP + "\"],\"Operations\":[" + String.join(",", ops) + "]}";
    }

    private static List<String> names(ScimFixture f, String filter) {
        ScimResponse r = f.call("GET", "/Users?sortBy=userName&filter=" + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.status()).as(filter + " -> " + r).isEqualTo(200);
        return userNames(r);
    }

    private static List<String> userNames(ScimResponse r) {
        return r.body().path("Resources").findValuesAsText("userName");
    }

    private static void assertError(ScimResponse r, int status, String scimType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().path("schemas").get(0).asText()).isEqualTo(Schemas.ERROR);
        assertThat(r.body().path("status").asText()).isEqualTo(String.valueOf(status));
        assertThat(r.body().path("scimType").asText()).as(r.toString()).isEqualTo(scimType);
        assertThat(r.body().path("detail").asText()).isNotBlank();
    }
}
