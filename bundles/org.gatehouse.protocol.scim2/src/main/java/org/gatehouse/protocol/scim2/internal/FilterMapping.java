package org.gatehouse.protocol.scim2.internal;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Query;

/**
 * Translates SCIM filters and sort attributes into the store vocabulary of {@code
 * org.gatehouse.api.userstore}: checks every attribute against the schema (an unknown one is an
 * {@code invalidFilter}), maps extension attributes to the profile attributes that hold them, turns
 * SCIM ids back into store ids, and notes which store a top-level {@code id eq} (or group
 * membership) confines the search to. The store then evaluates the result itself, in SQL or LDAP.
 */
final class FilterMapping {

    /** Resource kinds with their own attribute vocabulary. */
    enum Kind { USER, GROUP }

    /** What the store evaluates, and the domains that top-level conjuncts confine the search to. */
    record Mapped(Filter filter, Set<String> domains) {}

    private static final Map<String, String> USER_PATHS = Map.ofEntries(
            Map.entry("externalid", "externalId"),
            Map.entry("username", "userName"),
            Map.entry("name.givenname", "name.givenName"),
            Map.entry("name.familyname", "name.familyName"),
            Map.entry("name.formatted", "name.formatted"),
            Map.entry("name.middlename", "name.middleName"),
            Map.entry("name.honorificprefix", "name.honorificPrefix"),
            Map.entry("name.honorificsuffix", "name.honorificSuffix"),
            Map.entry("displayname", "displayName"),
            Map.entry("nickname", "nickName"),
            Map.entry("profileurl", "profileUrl"),
            Map.entry("title", "title"),
            Map.entry("usertype", "userType"),
            Map.entry("preferredlanguage", "preferredLanguage"),
            Map.entry("locale", "locale"),
            Map.entry("timezone", "timezone"),
            Map.entry("active", "active"),
            Map.entry("emails", "emails.value"),
            Map.entry("emails.value", "emails.value"),
            Map.entry("emails.type", "emails.type"),
            Map.entry("phonenumbers", "phoneNumbers.value"),
            Map.entry("phonenumbers.value", "phoneNumbers.value"),
            Map.entry("phonenumbers.type", "phoneNumbers.type"),
            Map.entry("meta.created", "meta.created"),
            Map.entry("meta.lastmodified", "meta.lastModified"));

    private static final Set<String> ENTERPRISE = Set.of("employeeNumber", "costCenter", "organization", "division", "department");

    private static final Map<String, String> USER_SORT = Map.of(
            "username", "userName", "id", "id", "displayname", "displayName", "name.givenname", "name.givenName",
            "name.familyname", "name.familyName", "emails", "emails.value", "emails.value", "emails.value", "active", "active",
            "meta.created", "meta.created", "meta.lastmodified", "meta.lastModified");
    private static final Map<String, String> GROUP_SORT = Map.of(
            "displayname", "displayName", "id", "id", "meta.created", "meta.created", "meta.lastmodified", "meta.lastModified");

    private final Kind kind;
    private final Schemas schemas;
    private final ScimIds ids;

    FilterMapping(Kind kind, Schemas schemas, ScimIds ids) {
        this.kind = kind;
        this.schemas = schemas;
        this.ids = ids;
    }

    Mapped map(Filter filter) {
        Set<String> domains = new LinkedHashSet<>();
        return new Mapped(map(filter, Optional.empty(), true, domains), domains);
    }

    /** @throws ScimException 400 invalidValue for an attribute that cannot be sorted by */
    Query.Sort sort(String sortBy, boolean descending) {
        String key = stripCore(sortBy).toLowerCase(Locale.ROOT);
        String path = (kind == Kind.USER ? USER_SORT : GROUP_SORT).get(key);
        if (path == null) {
            throw ScimException.invalidValue("Cannot sort by '" + sortBy + "'; sortable: "
                    + String.join(", ", new java.util.TreeSet<>((kind == Kind.USER ? USER_SORT : GROUP_SORT).values())));
        }
        return new Query.Sort(AttributePath.of(path), descending);
    }

    private Filter map(Filter f, Optional<AttributePath> parent, boolean topLevel, Set<String> domains) {
        if (f instanceof Filter.And a) {
            return new Filter.And(map(a.left(), parent, topLevel, domains), map(a.right(), parent, topLevel, domains));
        }
        if (f instanceof Filter.Or o) {
            return new Filter.Or(map(o.left(), parent, false, domains), map(o.right(), parent, false, domains));
        }
        if (f instanceof Filter.Not n) {
            return new Filter.Not(map(n.filter(), parent, false, domains));
        }
        if (f instanceof Filter.ValuePath v) {
            if (parent.isPresent()) {
                throw ScimException.invalidFilter("Complex attribute filters cannot be nested");
            }
            if (v.attribute().subAttribute().isPresent()) {
                throw ScimException.invalidFilter("'" + v.attribute() + "[...]' names a sub-attribute; filter a complex attribute, e.g. emails[type eq \"work\"]");
            }
            // one store value per attribute (or memberships, compared one at a time): emails[a and b] is emails.a and emails.b
            return map(v.filter(), Optional.of(v.attribute()), topLevel, domains);
        }
        if (f instanceof Filter.Present p) {
            AttributePath path = absolute(p.path(), parent);
            return new Filter.Present(target(path).path);
        }
        Filter.Comparison c = (Filter.Comparison) f;
        AttributePath path = absolute(c.path(), parent);
        Target t = target(path);
        Object value = c.value();
        switch (t.special) {
            case ID -> {
                if (value instanceof String s) {
                    ScimIds.Local local = ids.parse(s);
                    if (topLevel && c.operator() == Filter.Operator.EQ) {
                        domains.add(local.domain());
                    }
                    if (c.operator() == Filter.Operator.EQ || c.operator() == Filter.Operator.NE) {
                        value = local.id();
                    }
                } else if (value != null) {
                    throw ScimException.invalidFilter("'" + c.path() + "' is a string: quote the value");
                }
            }
            case PRIMARY -> {
                // the one email or phone number a user has is its primary one
                if (!(value instanceof Boolean b) || (c.operator() != Filter.Operator.EQ && c.operator() != Filter.Operator.NE)) {
                    throw ScimException.invalidFilter("'" + c.path() + "' is a boolean: compare it with eq or ne and true or false");
                }
                boolean wantPrimary = b == (c.operator() == Filter.Operator.EQ);
                Filter present = new Filter.Present(t.path);
                return wantPrimary ? present : new Filter.Not(present);
            }
            case BOOLEAN -> {
                if (value != null && !(value instanceof Boolean)) {
                    throw ScimException.invalidFilter("'" + c.path() + "' is a boolean: compare it with true or false");
                }
            }
            case NONE -> {
                if (value != null && !(value instanceof String)) {
                    throw ScimException.invalidFilter("'" + c.path() + "' is a string: quote the value");
                }
            }
        }
        return new Filter.Comparison(t.path, c.operator(), value);
    }

    private enum Special { NONE, ID, BOOLEAN, PRIMARY }

    private record Target(AttributePath path, Special special) {}

    private static AttributePath absolute(AttributePath path, Optional<AttributePath> parent) {
        if (parent.isEmpty()) {
            return path;
        }
        if (path.subAttribute().isPresent() || path.attribute().contains(":")) {
            throw ScimException.invalidFilter("Inside " + parent.get() + "[...] name sub-attributes only, not '" + path + "'");
        }
        return new AttributePath(parent.get().attribute(), Optional.of(path.attribute()));
    }

    private Target target(AttributePath path) {
        String key = path.key();
        if (key.equals("password")) {
            throw ScimException.invalidFilter("password cannot be searched");
        }
        if (key.equals("id")) {
            return new Target(AttributePath.ID, Special.ID);
        }
        if (kind == Kind.GROUP) {
            return switch (key) {
                case "displayname" -> new Target(AttributePath.DISPLAY_NAME, Special.NONE);
                case "members", "members.value" -> new Target(AttributePath.of("members.value"), Special.ID);
                case "meta.created" -> new Target(AttributePath.CREATED, Special.NONE);
                case "meta.lastmodified" -> new Target(AttributePath.LAST_MODIFIED, Special.NONE);
                default -> throw unknown(path);
            };
        }
        switch (key) {
            case "groups", "groups.value" -> {
                return new Target(AttributePath.of("groups.value"), Special.ID);
            }
            case "active" -> {
                return new Target(AttributePath.ACTIVE, Special.BOOLEAN);
            }
            case "emails.primary" -> {
                return new Target(AttributePath.EMAIL, Special.PRIMARY);
            }
            case "phonenumbers.primary" -> {
                return new Target(AttributePath.PHONE_NUMBER, Special.PRIMARY);
            }
            default -> {
            }
        }
        String mapped = USER_PATHS.get(key);
        if (mapped != null) {
            return new Target(AttributePath.of(mapped), Special.NONE);
        }
        String attribute = path.attribute();
        int colon = attribute.lastIndexOf(':');
        if (colon > 0) {
            String urn = attribute.substring(0, colon);
            String name = attribute.substring(colon + 1);
            if (urn.equalsIgnoreCase(Schemas.ENTERPRISE)) {
                if (name.equalsIgnoreCase("manager") && path.subAttribute().map(s -> s.equalsIgnoreCase("value")).orElse(true)) {
                    return new Target(AttributePath.of("manager"), Special.NONE);
                }
                if (path.subAttribute().isEmpty()) {
                    Optional<String> e = ENTERPRISE.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
                    if (e.isPresent()) {
                        return new Target(AttributePath.of(e.get()), Special.NONE);
                    }
                }
            }
            if (urn.equalsIgnoreCase(Schemas.CUSTOM) && path.subAttribute().isEmpty()) {
                Optional<AttributeDef> def = schemas.custom(name);
                if (def.isPresent()) {
                    return new Target(AttributePath.of(def.get().name()), Special.NONE);
                }
            }
        }
        throw unknown(path);
    }

    private ScimException unknown(AttributePath path) {
        return ScimException.invalidFilter("Unknown or unsearchable attribute '" + path + "' for " + (kind == Kind.USER ? "Users" : "Groups"));
    }

    static String stripCore(String path) {
        String prefix = "urn:ietf:params:scim:schemas:core:2.0:";
        if (path.regionMatches(true, 0, prefix, 0, prefix.length())) {
            String rest = path.substring(prefix.length());
            int colon = rest.indexOf(':');
            return colon < 0 ? rest : rest.substring(colon + 1);
        }
        return path;
    }
}
