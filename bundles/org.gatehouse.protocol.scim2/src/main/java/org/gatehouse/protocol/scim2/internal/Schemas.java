package org.gatehouse.protocol.scim2.internal;

import static org.gatehouse.protocol.scim2.internal.AttributeDef.complex;
import static org.gatehouse.protocol.scim2.internal.AttributeDef.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The schemas this server speaks: the core User and Group schemas (RFC 7643 sections 4 and 8.7.1),
 * the Enterprise User extension (section 4.3) and Gatehouse's custom-attribute extension, whose
 * attributes are the user attributes released as claims by the OAuth 2 claim mapping.
 *
 * <p>Attributes that the user profile has no field for are kept among the profile's attributes
 * under the names {@link #storedName} gives: a core attribute under its SCIM path ({@code nickName},
 * {@code name.middleName}, {@code emails.type}), an Enterprise attribute under its bare name
 * ({@code department}, {@code manager}: the manager's SCIM id), a custom attribute under its own name.
 * Stores therefore search them like any other attribute.
 */
final class Schemas {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String CUSTOM = "urn:gatehouse:scim:schemas:extension:custom:2.0:User";
    static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    static final String BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    static final String SERVICE_PROVIDER_CONFIG = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    /** RFC 7643 ATTRNAME: a letter, then letters, digits, '-' or '_'. */
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    static final AttributeDef ID = string("id", "Unique identifier of the resource, assigned by the service provider")
            .asCaseExact().mutability(AttributeDef.READ_ONLY).returned("always").unique();
    static final AttributeDef EXTERNAL_ID = string("externalId", "Identifier of the resource in the provisioning client's domain").asCaseExact();
    static final AttributeDef META = complex("meta", false, "Resource metadata",
            string("resourceType", "The resource type").asCaseExact().mutability(AttributeDef.READ_ONLY),
            string("created", "When the resource was created").withType("dateTime").mutability(AttributeDef.READ_ONLY),
            string("lastModified", "When the resource last changed").withType("dateTime").mutability(AttributeDef.READ_ONLY),
            string("location", "The URI of the resource").withType("reference").asCaseExact().mutability(AttributeDef.READ_ONLY),
            string("version", "The version of the resource (its ETag)").asCaseExact().mutability(AttributeDef.READ_ONLY))
            .mutability(AttributeDef.READ_ONLY);

    private static final AttributeDef MULTI_TYPE = string("type", "A label indicating the attribute's function").canonical("work", "home", "other");

    static final List<AttributeDef> USER_ATTRIBUTES = List.of(
            string("userName", "Unique identifier for the user, used to log in; DOMAIN/name for users of a secondary store").asRequired().unique(),
            complex("name", false, "The components of the user's name",
                    string("formatted", "The full name"),
                    string("familyName", "The family name"),
                    string("givenName", "The given name"),
                    string("middleName", "The middle name(s)"),
                    string("honorificPrefix", "Honorific prefix(es), e.g. Ms."),
                    string("honorificSuffix", "Honorific suffix(es), e.g. III")),
            string("displayName", "The name of the user, suitable for display"),
            string("nickName", "The casual way to address the user"),
            string("profileUrl", "A URI of the user's online profile").references("external"),
            string("title", "The user's title, such as Vice President"),
            string("userType", "The relationship between the organization and the user"),
            string("preferredLanguage", "The user's preferred written or spoken language"),
            string("locale", "The user's default location for localization (BCP 47)"),
            string("timezone", "The user's time zone in the IANA format, e.g. Europe/Berlin"),
            new AttributeDef("active", "boolean", false, false, false, AttributeDef.READ_WRITE, "default", "none",
                    "Whether the user may log in", List.of(), List.of(), List.of()),
            string("password", "The user's clear-text password, to set it; never returned")
                    .mutability(AttributeDef.WRITE_ONLY).returned("never"),
            complex("emails", true, "The user's email address (Gatehouse keeps one per user)",
                    string("value", "The email address"),
                    string("display", "A human-readable name").mutability(AttributeDef.READ_ONLY),
                    MULTI_TYPE,
                    new AttributeDef("primary", "boolean", false, false, false, AttributeDef.READ_WRITE, "default", "none",
                            "Whether this is the primary address", List.of(), List.of(), List.of())),
            complex("phoneNumbers", true, "The user's phone number (Gatehouse keeps one per user)",
                    string("value", "The phone number, E.164 preferred"),
                    string("display", "A human-readable name").mutability(AttributeDef.READ_ONLY),
                    string("type", "A label indicating the number's function").canonical("work", "home", "mobile", "fax", "pager", "other"),
                    new AttributeDef("primary", "boolean", false, false, false, AttributeDef.READ_WRITE, "default", "none",
                            "Whether this is the primary number", List.of(), List.of(), List.of())),
            complex("groups", true, "The groups the user is a direct member of",
                    string("value", "The id of the group").asCaseExact().mutability(AttributeDef.READ_ONLY),
                    string("$ref", "The URI of the group").references("Group").asCaseExact().mutability(AttributeDef.READ_ONLY),
                    string("display", "The name of the group").mutability(AttributeDef.READ_ONLY),
                    string("type", "direct").canonical("direct", "indirect").mutability(AttributeDef.READ_ONLY))
                    .mutability(AttributeDef.READ_ONLY));

    static final List<AttributeDef> ENTERPRISE_ATTRIBUTES = List.of(
            string("employeeNumber", "Numeric or alphanumeric identifier assigned to a person"),
            string("costCenter", "Identifies the name of a cost center"),
            string("organization", "Identifies the name of an organization"),
            string("division", "Identifies the name of a division"),
            string("department", "Identifies the name of a department"),
            complex("manager", false, "The user's manager",
                    string("value", "The id of the manager's User resource").asCaseExact(),
                    string("$ref", "The URI of the manager's User resource").references("User").asCaseExact(),
                    string("displayName", "The manager's display name").mutability(AttributeDef.READ_ONLY)));

    static final List<AttributeDef> GROUP_ATTRIBUTES = List.of(
            string("displayName", "The name of the group; DOMAIN/name for groups of a secondary store").asRequired().unique(),
            complex("members", true, "The direct members of the group (users of the group's store)",
                    string("value", "The id of the member").asCaseExact().mutability(AttributeDef.IMMUTABLE),
                    string("$ref", "The URI of the member").references("User", "Group").asCaseExact().mutability(AttributeDef.IMMUTABLE),
                    string("display", "The member's name").mutability(AttributeDef.READ_ONLY),
                    string("type", "User or Group").canonical("User", "Group").mutability(AttributeDef.IMMUTABLE)));

    /** Names of the profile attributes that core and Enterprise attributes occupy (lower case). */
    static final Set<String> RESERVED_STORED_NAMES = Set.of("externalid", "name.formatted", "name.middlename", "name.honorificprefix",
            "name.honorificsuffix", "nickname", "profileurl", "title", "usertype", "preferredlanguage", "timezone", "emails.type",
            "phonenumbers.type", "employeenumber", "costcenter", "organization", "division", "department", "manager");

    private final List<AttributeDef> customAttributes;

    /** @param customAttributeNames the profile attributes to publish in the custom extension */
    Schemas(List<String> customAttributeNames) {
        Map<String, AttributeDef> custom = new LinkedHashMap<>();
        for (String name : customAttributeNames) {
            if (ATTRIBUTE_NAME.matcher(name).matches() && !RESERVED_STORED_NAMES.contains(name.toLowerCase(Locale.ROOT))
                    && USER_ATTRIBUTES.stream().noneMatch(a -> a.name().equalsIgnoreCase(name))) {
                custom.putIfAbsent(name.toLowerCase(Locale.ROOT), string(name, "The user attribute '" + name + "' (released as a claim)"));
            }
        }
        this.customAttributes = List.copyOf(custom.values());
    }

    List<AttributeDef> customAttributes() {
        return customAttributes;
    }

    Optional<AttributeDef> custom(String name) {
        return customAttributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    static Optional<AttributeDef> find(List<AttributeDef> attributes, String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The extension schemas of users: both optional. */
    List<String> userExtensions() {
        return customAttributes.isEmpty() ? List.of(ENTERPRISE) : List.of(ENTERPRISE, CUSTOM);
    }

    /** @return the attributes of a schema URN (case-insensitive), empty for an unknown one */
    Optional<List<AttributeDef>> attributesOf(String urn) {
        if (urn.equalsIgnoreCase(USER)) {
            return Optional.of(USER_ATTRIBUTES);
        }
        if (urn.equalsIgnoreCase(ENTERPRISE)) {
            return Optional.of(ENTERPRISE_ATTRIBUTES);
        }
        if (urn.equalsIgnoreCase(CUSTOM) && !customAttributes.isEmpty()) {
            return Optional.of(customAttributes);
        }
        if (urn.equalsIgnoreCase(GROUP)) {
            return Optional.of(GROUP_ATTRIBUTES);
        }
        return Optional.empty();
    }

    /** The /Schemas representations, each with its meta. */
    List<ObjectNode> all(String baseUrl) {
        List<ObjectNode> out = new ArrayList<>();
        out.add(schema(USER, "User", "User Account", USER_ATTRIBUTES, baseUrl));
        out.add(schema(GROUP, "Group", "Group", GROUP_ATTRIBUTES, baseUrl));
        out.add(schema(ENTERPRISE, "EnterpriseUser", "Enterprise User", ENTERPRISE_ATTRIBUTES, baseUrl));
        if (!customAttributes.isEmpty()) {
            out.add(schema(CUSTOM, "GatehouseUser", "User attributes released as claims by the OAuth 2 claim mapping",
                    customAttributes, baseUrl));
        }
        return out;
    }

    private static ObjectNode schema(String id, String name, String description, List<AttributeDef> attributes, String baseUrl) {
        ObjectNode n = ScimJson.object();
        n.putArray("schemas").add(SCHEMA);
        n.put("id", id);
        n.put("name", name);
        n.put("description", description);
        ArrayNode attrs = n.putArray("attributes");
        attributes.forEach(a -> attrs.add(a.toJson()));
        ObjectNode meta = n.putObject("meta");
        meta.put("resourceType", "Schema");
        meta.put("location", baseUrl + "/Schemas/" + id);
        return n;
    }
}
