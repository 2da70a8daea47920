package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.gatehouse.api.userstore.Filter;

/**
 * Evaluates a value filter ({@code emails[type eq "work"]}, {@code members[value eq "..."]}) against
 * the values of one multi-valued attribute of a resource that is already in memory, as PATCH paths
 * need. Searches never come here: stores evaluate those.
 */
final class ValueFilter {

    private ValueFilter() {}

    /** @param parent the multi-valued attribute whose values are tested, for the case-exactness of its sub-attributes */
    static boolean matches(Filter f, JsonNode value, AttributeDef parent) {
        if (f instanceof Filter.And a) {
            return matches(a.left(), value, parent) && matches(a.right(), value, parent);
        }
        if (f instanceof Filter.Or o) {
            return matches(o.left(), value, parent) || matches(o.right(), value, parent);
        }
        if (f instanceof Filter.Not n) {
            return !matches(n.filter(), value, parent);
        }
        if (f instanceof Filter.ValuePath) {
            throw ScimException.invalidFilter("Complex attribute filters cannot be nested");
        }
        String sub = f instanceof Filter.Present p ? subName(p.path().toString(), parent) : subName(((Filter.Comparison) f).path().toString(), parent);
        JsonNode actual = value.isObject() ? UserMapping.getIgnoringCase((ObjectNode) value, sub) : (sub.equals("value") ? value : null);
        if (f instanceof Filter.Present) {
            return actual != null && !actual.isNull() && !(actual.isTextual() && actual.asText().isEmpty());
        }
        Filter.Comparison c = (Filter.Comparison) f;
        boolean caseExact = parent.sub(sub).map(AttributeDef::caseExact).orElse(false);
        return compare(actual, c.operator(), c.value(), caseExact);
    }

    private static String subName(String path, AttributeDef parent) {
        if (path.contains(".") || path.contains(":")) {
            throw ScimException.invalidFilter("Inside " + parent.name() + "[...] name sub-attributes only, not '" + path + "'");
        }
        if (parent.isComplex() && parent.sub(path).isEmpty()) {
            throw ScimException.invalidFilter("Unknown attribute '" + parent.name() + "." + path + "'");
        }
        return parent.sub(path).map(AttributeDef::name).orElse(path);
    }

    private static boolean compare(JsonNode actual, Filter.Operator op, Object expected, boolean caseExact) {
        boolean missing = actual == null || actual.isNull();
        if (expected == null) {
            return switch (op) {
                case EQ -> missing;
                case NE -> !missing;
                default -> throw ScimException.invalidFilter("'" + op.scim() + "' cannot compare with null");
            };
        }
        if (missing) {
            return op == Filter.Operator.NE;
        }
        int cmp;
        if (expected instanceof Boolean b) {
            if (!actual.isBoolean()) {
                return op == Filter.Operator.NE;
            }
            if (op != Filter.Operator.EQ && op != Filter.Operator.NE) {
                throw ScimException.invalidFilter("'" + op.scim() + "' cannot compare booleans");
            }
            return (actual.asBoolean() == b) == (op == Filter.Operator.EQ);
        }
        if (expected instanceof Number n) {
            if (!actual.isNumber()) {
                return op == Filter.Operator.NE;
            }
            cmp = Double.compare(actual.asDouble(), n.doubleValue());
        } else {
            String a = actual.asText();
            String e = (String) expected;
            if (!caseExact) {
                a = a.toLowerCase(Locale.ROOT);
                e = e.toLowerCase(Locale.ROOT);
            }
            switch (op) {
                case CO:
                    return a.contains(e);
                case SW:
                    return a.startsWith(e);
                case EW:
                    return a.endsWith(e);
                default:
                    cmp = a.compareTo(e);
            }
        }
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            default -> throw ScimException.invalidFilter("'" + op.scim() + "' needs a string value");
        };
    }
}
