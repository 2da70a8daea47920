package org.gatehouse.protocol.scim2.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.junit.jupiter.api.Test;

/** The pure parts: PATCH paths and operations on JSON, value filters, projection, the user mapping, filter translation. */
class PatchProjectionAndMappingTest {

    private final Schemas schemas = new Schemas(List.of("costCode", "bad.name", "department"));
    private final PatchOperations users = new PatchOperations(Schemas.USER, Schemas.USER_ATTRIBUTES,
            Map.of(Schemas.ENTERPRISE, Schemas.ENTERPRISE_ATTRIBUTES, Schemas.CUSTOM, schemas.customAttributes()));

    private static ObjectNode json(String s) {
        return ScimJson.readObject(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void customAttributesComeFromTheClaimMappingAndSkipUnusableNames() {
        assertThat(ClaimMappings.attributeNames(new String[] {"cost_code=costCode", "dept=department", "x=bad.name", "broken"}))
                .containsExactly("costCode", "department", "bad.name");
        assertThat(ClaimMappings.attributeNames("a=b, c=d")).containsExactly("b", "d");
        assertThat(schemas.customAttributes()).extracting(AttributeDef::name).containsExactly("costCode");
    }

    @Test
    void pathsParseWithSchemaPrefixesFiltersAndSubAttributes() {
        PatchOperations.Path p = users.parse("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\" and value ew \"]\"].value");
        assertThat(p.attribute().name()).isEqualTo("emails");
        assertThat(p.sub().name()).isEqualTo("value");
        assertThat(p.filter()).isInstanceOf(Filter.And.class);
        PatchOperations.Path e = users.parse(Schemas.ENTERPRISE + ":manager.value");
        assertThat(e.urn()).isEqualTo(Schemas.ENTERPRISE);
        assertThat(e.attribute().name()).isEqualTo("manager");
        assertThat(users.parse("NAME.GIVENNAME").sub().name()).isEqualTo("givenName");
        assertThat(users.parse(Schemas.CUSTOM).attribute()).isNull();
        assertThatThrownBy(() -> users.parse("title[value eq \"x\"]")).hasMessageContaining("not multi-valued");
        assertThatThrownBy(() -> users.parse("emails[type eq \"x\"")).hasMessageContaining("Unclosed");
        assertThatThrownBy(() -> users.parse("name.nickname")).hasMessageContaining("Unknown attribute");
    }

    @Test
    void operationsFollowRfc7644() {
        ObjectNode user = json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","name":{"givenName":"A","familyName":"B"},
                 "emails":[{"value":"a@x.example","type":"work","primary":true}]}""");
        users.apply(json(ScimServiceTest.patch(
                "{\"op\":\"Replace\",\"path\":\"name\",\"value\":{\"givenName\":\"Z\"}}",
                "{\"op\":\"add\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"h@x.example\"}",
                "{\"op\":\"add\",\"value\":{\"title\":\"T\",\"" + Schemas.ENTERPRISE + "\":{\"department\":\"D\"}}}",
                "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"]\"}",
                "{\"op\":\"add\",\"path\":\"" + Schemas.CUSTOM + ":costCode\",\"value\":\"C\"}")), user);
        assertThat(user.path("name").path("givenName").asText()).isEqualTo("Z");
        assertThat(user.path("name").path("familyName").asText()).as("replace merges a complex value").isEqualTo("B");
        assertThat(user.path("emails")).hasSize(1);
        assertThat(user.path("emails").get(0).path("type").asText()).isEqualTo("home");
        assertThat(user.path("title").asText()).isEqualTo("T");
        assertThat(user.path(Schemas.ENTERPRISE).path("department").asText()).isEqualTo("D");
        assertThat(user.path(Schemas.CUSTOM).path("costCode").asText()).isEqualTo("C");
        assertThat(user.path("schemas").toString()).contains(Schemas.ENTERPRISE, Schemas.CUSTOM);

        users.apply(json(ScimServiceTest.patch("{\"op\":\"remove\",\"path\":\"" + Schemas.ENTERPRISE + "\"}")), user);
        assertThat(user.has(Schemas.ENTERPRISE)).isFalse();
        assertThatThrownBy(() -> users.apply(json(ScimServiceTest.patch("{\"op\":\"replace\",\"path\":\"meta.version\",\"value\":\"1\"}")), user))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
        assertThatThrownBy(() -> users.apply(json("{\"schemas\":[\"" + Schemas.PATCH_OP + "\"],\"Operations\":[]}"), user))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }

    @Test
    void membersCanBeRemovedByFilterOrByValueList() {
        PatchOperations groups = new PatchOperations(Schemas.GROUP, Schemas.GROUP_ATTRIBUTES, Map.of());
        ObjectNode group = json("{\"schemas\":[\"" + Schemas.GROUP + "\"],\"displayName\":\"g\",\"members\":[{\"value\":\"a\"},{\"value\":\"B\"},{\"value\":\"c\"}]}");
        groups.apply(json(ScimServiceTest.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"b\\\"]\"}")), group);
        assertThat(group.path("members")).as("ids compare case-exactly").hasSize(3);
        groups.apply(json(ScimServiceTest.patch("{\"op\":\"remove\",\"path\":\"members[value eq \\\"B\\\"]\"}",
                "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":\"a\"}]}",
                "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"c\"},{\"value\":\"d\"}]}")), group);
        assertThat(group.path("members").findValuesAsText("value")).containsExactly("c", "d");
        assertThatThrownBy(() -> groups.apply(json(ScimServiceTest.patch(
                "{\"op\":\"replace\",\"path\":\"members[value eq \\\"c\\\"].value\",\"value\":\"e\"}")), group))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("mutability"));
        groups.apply(json(ScimServiceTest.patch("{\"op\":\"remove\",\"path\":\"members\"}")), group);
        assertThat(group.has("members")).isFalse();
    }

    @Test
    void valueFiltersEvaluateEveryOperator() {
        AttributeDef emails = Schemas.find(Schemas.USER_ATTRIBUTES, "emails").orElseThrow();
        JsonNode e = json("{\"value\":\"Ann@Example.com\",\"type\":\"work\",\"primary\":true}");
        assertThat(ValueFilter.matches(Filter.parse("value eq \"ann@example.com\""), e, emails)).isTrue();
        assertThat(ValueFilter.matches(Filter.parse("value co \"EXAMPLE\" and type sw \"w\" and type ew \"k\""), e, emails)).isTrue();
        assertThat(ValueFilter.matches(Filter.parse("not (primary eq true) or type ne \"work\""), e, emails)).isFalse();
        assertThat(ValueFilter.matches(Filter.parse("type gt \"home\" and type lt \"zzz\" and type ge \"work\" and type le \"work\""), e, emails)).isTrue();
        assertThat(ValueFilter.matches(Filter.parse("display pr"), e, emails)).isFalse();
        assertThatThrownBy(() -> ValueFilter.matches(Filter.parse("nosuch eq 1"), e, emails)).isInstanceOf(ScimException.class);
    }

    @Test
    void projectionKeepsIdAndSchemasAndChecksNames() {
        ObjectNode user = json("{\"schemas\":[\"s\"],\"id\":\"1\",\"userName\":\"u\",\"name\":{\"givenName\":\"g\",\"familyName\":\"f\"},"
                + "\"emails\":[{\"value\":\"v\",\"type\":\"t\"}],\"" + Schemas.ENTERPRISE + "\":{\"department\":\"d\",\"division\":\"v\"}}");
        Map<String, List<AttributeDef>> ext = Map.of(Schemas.ENTERPRISE, Schemas.ENTERPRISE_ATTRIBUTES);
        ObjectNode only = Projection.parse("name.familyName,emails.type," + Schemas.ENTERPRISE + ":division", null, Schemas.USER_ATTRIBUTES, ext)
                .apply(user.deepCopy());
        assertThat(only.toString()).isEqualTo("{\"schemas\":[\"s\"],\"id\":\"1\",\"name\":{\"familyName\":\"f\"},\"emails\":[{\"type\":\"t\"}],\""
                + Schemas.ENTERPRISE + "\":{\"division\":\"v\"}}");
        ObjectNode without = Projection.parse(null, "urn:ietf:params:scim:schemas:core:2.0:User:userName,id," + Schemas.ENTERPRISE,
                Schemas.USER_ATTRIBUTES, ext).apply(user.deepCopy());
        assertThat(without.has("userName")).isFalse();
        assertThat(without.has("id")).as("id is always returned").isTrue();
        assertThat(without.has(Schemas.ENTERPRISE)).isFalse();
        assertThatThrownBy(() -> Projection.parse("shoeSize", null, Schemas.USER_ATTRIBUTES, ext)).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> Projection.parse("userName", "id", Schemas.USER_ATTRIBUTES, ext)).isInstanceOf(ScimException.class);
        assertThat(Projection.parse("userName", null, Schemas.USER_ATTRIBUTES, ext).includes("groups")).isFalse();
        assertThat(Projection.parse(null, "emails", Schemas.USER_ATTRIBUTES, ext).includes("groups")).isTrue();
    }

    @Test
    void theUserMappingKeepsAttributesItDoesNotManageAndRoundTrips() {
        UserMapping mapping = new UserMapping(schemas);
        User stored = new User("42", "CORP", "carol", true, UserProfile.builder().givenName("Carol").email("c@x.example").emailVerified(true)
                .attribute("address", List.of("Main St 1")).attribute("nickName", List.of("Caz")).attribute("manager", List.of("7"))
                .attribute("costCode", List.of("a", "b")).build(), 3, Instant.EPOCH, Instant.EPOCH);
        ObjectNode json = mapping.toJson(stored, List.of(), new Links("https://id.example/"));
        assertThat(json.path("id").asText()).isEqualTo("CORP:42");
        assertThat(json.path("userName").asText()).isEqualTo("CORP/carol");
        assertThat(json.path("meta").path("location").asText()).isEqualTo("https://id.example/scim2/Users/CORP%3A42");
        assertThat(json.path("meta").path("version").asText()).isEqualTo("W/\"3\"");
        assertThat(json.path(Schemas.ENTERPRISE).path("manager").path("value").asText()).isEqualTo("7");
        assertThat(json.path(Schemas.CUSTOM).path("costCode")).hasSize(2);
        UserMapping.UserState back = mapping.fromJson(json, stored);
        assertThat(back.username()).isEqualTo("CORP/carol");
        assertThat(back.profile().attributes()).containsEntry("address", List.of("Main St 1")).containsEntry("nickName", List.of("Caz"))
                .containsEntry("costCode", List.of("a", "b"));
        assertThat(back.profile().emailVerified()).as("the same email stays verified").isTrue();
        json.remove("nickName");
        assertThat(mapping.fromJson(json, stored).profile().attributes()).doesNotContainKey("nickName").containsKey("address");
    }

    @Test
    void filtersTranslateToTheStoreVocabularyAndConfineIds() {
        ScimIds ids = new ScimIds(d -> d.equals("CORP"));
        FilterMapping users = new FilterMapping(FilterMapping.Kind.USER, schemas, ids);
        FilterMapping.Mapped m = users.map(Filter.parse("id eq \"CORP:9\" and " + Schemas.ENTERPRISE + ":department eq \"x\" and emails.primary eq true"));
        assertThat(m.domains()).containsExactly("CORP");
        assertThat(m.filter().toString()).contains("id", "9", "department").doesNotContain("CORP:9").contains("Present");
        assertThat(users.map(Filter.parse("id eq \"abc\" or userName eq \"x\"")).domains()).isEmpty();
        assertThat(users.map(Filter.parse("groups eq \"CORP:g\"")).domains()).containsExactly("CORP");
        assertThat(users.map(Filter.parse(Schemas.CUSTOM + ":costCode pr")).filter()).isEqualTo(new Filter.Present(
                org.gatehouse.api.userstore.AttributePath.of("costCode")));
        assertThatThrownBy(() -> users.map(Filter.parse("active eq \"yes\""))).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> users.map(Filter.parse("name eq \"x\""))).isInstanceOf(ScimException.class);
        assertThatThrownBy(() -> users.map(Filter.parse("emails[type eq \"w\" and emails[value pr]]"))).isInstanceOf(ScimException.class);
        assertThat(new FilterMapping(FilterMapping.Kind.GROUP, schemas, ids).map(Filter.parse("members eq \"5\"")).domains()).containsExactly("PRIMARY");
        assertThat(Optional.of(users.sort("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName", true)).get().path().toString())
                .isEqualTo("name.familyName");
    }

    @Test
    void etagsAreWeakVersionsAndPreconditionsParse() {
        assertThat(ETags.of(5)).isEqualTo("W/\"5\"");
        assertThat(ETags.parse("W/\"5\", \"6\"").versions()).containsExactly(5L, 6L);
        assertThat(ETags.parse("*").any()).isTrue();
        assertThat(ETags.parse(null).present()).isFalse();
        assertThatThrownBy(() -> ETags.parse("5")).isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidVers"));
        assertThat(Paths.segments("/Users/CORP%3A42/")).containsExactly("Users", "CORP:42");
        assertThat(Paths.decode("a+b%20c")).isEqualTo("a+b c");
    }
}
