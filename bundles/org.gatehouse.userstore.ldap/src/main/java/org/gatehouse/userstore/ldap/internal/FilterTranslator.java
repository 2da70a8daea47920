package org.gatehouse.userstore.ldap.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;

/**
 * Translates a {@link Filter} tree into an LDAP filter string over the configured attribute
 * mapping, so the directory does the filtering. Every value is escaped (RFC 4515); a path the
 * mapping does not know is an {@link InvalidFilterException}, never a silently ignored condition.
 *
 * <p>LDAP's {@code (!(a=v))} matches entries without {@code a}, which is what SCIM wants for
 * {@code ne} and {@code not}. LDAP has no strict order comparisons: {@code gt} is
 * {@code (&(a>=v)(!(a=v)))}. Order comparisons need an ORDERING rule in the directory's schema
 * (timestamps have one; most names do not, and then match nothing).
 */
final class FilterTranslator {

    /** How a path's values are compared. */
    enum Kind {
        /** A string attribute compared with the directory's own matching rules (case-insensitive for names). */
        TEXT,
        /** A textual id (entryUUID): only eq and ne. */
        ID,
        /** A binary GUID (Active Directory objectGUID) given in its string form: only eq and ne. */
        GUID,
        /** A GeneralizedTime attribute compared with ISO 8601 values. */
        TIME,
        /** The account state: active eq true/false. */
        ACTIVE,
        /** A reference to another entry by its id, e.g. groups.value: resolved to a DN first. */
        REFERENCE
    }

    /** Where a path points. */
    record Target(String attribute, Kind kind) {}

    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private final Map<String, Target> targets;
    private final String activeFilter;
    private final Function<String, Optional<String>> referenceDn;

    /**
     * @param targets searchable paths, keyed by {@link AttributePath#key()}
     * @param activeFilter the filter that matches active accounts
     * @param referenceDn resolves the id in a REFERENCE comparison to the DN the attribute holds
     */
    FilterTranslator(Map<String, Target> targets, String activeFilter, Function<String, Optional<String>> referenceDn) {
        this.targets = targets;
        this.activeFilter = activeFilter;
        this.referenceDn = referenceDn;
    }

    String translate(Filter f) {
        return translate(f, Optional.empty());
    }

    /** @return the LDAP attribute to sort by */
    String sortAttribute(AttributePath path) {
        return sortTarget(path).attribute();
    }

    Target sortTarget(AttributePath path) {
        Target t = targets.get(path.key());
        if (t == null || (t.kind() != Kind.TEXT && t.kind() != Kind.TIME && t.kind() != Kind.ID)) {
            throw new InvalidFilterException("Cannot sort by '" + path + "'");
        }
        return t;
    }

    private String translate(Filter f, Optional<AttributePath> parent) {
        if (f instanceof Filter.And a) {
            return LdapFilters.and(translate(a.left(), parent), translate(a.right(), parent));
        }
        if (f instanceof Filter.Or o) {
            return LdapFilters.or(translate(o.left(), parent), translate(o.right(), parent));
        }
        if (f instanceof Filter.Not n) {
            return LdapFilters.not(translate(n.filter(), parent));
        }
        if (f instanceof Filter.ValuePath v) {
            if (parent.isPresent()) {
                throw new InvalidFilterException("Complex attribute filters cannot be nested");
            }
            return translate(v.filter(), Optional.of(v.attribute()));
        }
        if (f instanceof Filter.Present p) {
            AttributePath path = resolve(p.path(), parent);
            Target t = target(path);
            return switch (t.kind()) {
                case ACTIVE -> LdapFilters.TRUE;
                default -> LdapFilters.present(t.attribute());
            };
        }
        Filter.Comparison c = (Filter.Comparison) f;
        AttributePath path = resolve(c.path(), parent);
        return compare(path, target(path), c.operator(), c.value());
    }

    /** A path inside {@code emails[...]} is relative: {@code value} means {@code emails.value}. */
    private static AttributePath resolve(AttributePath path, Optional<AttributePath> parent) {
        if (parent.isEmpty()) {
            return path;
        }
        if (path.subAttribute().isPresent()) {
            throw new InvalidFilterException("Inside " + parent.get() + "[...] name sub-attributes only, not '" + path + "'");
        }
        return new AttributePath(parent.get().attribute(), Optional.of(path.attribute()));
    }

    private Target target(AttributePath path) {
        Target t = targets.get(path.key());
        if (t == null) {
            throw new InvalidFilterException("The attribute '" + path + "' cannot be searched in this user store");
        }
        return t;
    }

    private String compare(AttributePath path, Target t, Filter.Operator op, Object value) {
        String a = t.attribute();
        if (value == null) {
            return switch (op) {
                case EQ -> LdapFilters.not(LdapFilters.present(a));
                case NE -> LdapFilters.present(a);
                default -> throw new InvalidFilterException("'" + op.scim() + "' cannot compare with null");
            };
        }
        switch (t.kind()) {
            case ACTIVE -> {
                if (!(value instanceof Boolean b) || (op != Filter.Operator.EQ && op != Filter.Operator.NE)) {
                    throw new InvalidFilterException("'" + path + "' is a boolean: compare it with eq or ne and true or false");
                }
                boolean wantActive = b == (op == Filter.Operator.EQ);
                return wantActive ? activeFilter : LdapFilters.not(activeFilter);
            }
            case ID, GUID, REFERENCE -> {
                if (!(value instanceof String s) || (op != Filter.Operator.EQ && op != Filter.Operator.NE)) {
                    throw new InvalidFilterException("'" + path + "' supports only eq and ne with a string");
                }
                String match = switch (t.kind()) {
                    case ID -> Ids.isUuid(s) ? LdapFilters.equality(a, s.toLowerCase(java.util.Locale.ROOT)) : LdapFilters.FALSE;
                    case GUID -> Ids.isUuid(s) ? "(" + a + "=" + LdapFilters.escape(ActiveDirectory.guidBytes(s)) + ")" : LdapFilters.FALSE;
                    default -> referenceDn.apply(s).map(dn -> LdapFilters.equality(a, dn)).orElse(LdapFilters.FALSE);
                };
                return op == Filter.Operator.EQ ? match : LdapFilters.not(match);
            }
            case TIME -> {
                String time = generalizedTime(path, value);
                return ordered(a, op, time);
            }
            default -> {
                String s = value instanceof String str ? str : String.valueOf(value);
                if (value instanceof Boolean b) {
                    s = b ? "TRUE" : "FALSE"; // LDAP Boolean syntax (RFC 4517 3.3.3)
                }
                return switch (op) {
                    case CO -> s.isEmpty() ? LdapFilters.present(a) : "(" + a + "=*" + LdapFilters.escape(s) + "*)";
                    case SW -> s.isEmpty() ? LdapFilters.present(a) : "(" + a + "=" + LdapFilters.escape(s) + "*)";
                    case EW -> s.isEmpty() ? LdapFilters.present(a) : "(" + a + "=*" + LdapFilters.escape(s) + ")";
                    default -> ordered(a, op, s);
                };
            }
        }
    }

    private static String ordered(String a, Filter.Operator op, String value) {
        String v = LdapFilters.escape(value);
        String eq = "(" + a + "=" + v + ")";
        return switch (op) {
            case EQ -> eq;
            case NE -> LdapFilters.not(eq);
            case GE -> "(" + a + ">=" + v + ")";
            case LE -> "(" + a + "<=" + v + ")";
            case GT -> LdapFilters.and("(" + a + ">=" + v + ")", LdapFilters.not(eq));
            case LT -> LdapFilters.and("(" + a + "<=" + v + ")", LdapFilters.not(eq));
            default -> throw new InvalidFilterException("'" + op.scim() + "' cannot compare date-times");
        };
    }

    private static String generalizedTime(AttributePath path, Object value) {
        if (!(value instanceof String s)) {
            throw new InvalidFilterException("'" + path + "' is a date-time: compare it with an ISO 8601 string");
        }
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).format(GENERALIZED_TIME);
        } catch (DateTimeParseException e) {
            throw new InvalidFilterException("'" + s + "' is not an ISO 8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
        }
    }
}
