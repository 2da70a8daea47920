package org.gatehouse.sample.userstore.file;

import java.util.Locale;
import java.util.Map;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;

/**
 * Evaluates a filter tree against one user's attributes. A store this small may filter in memory;
 * a database or directory store translates the tree into its own query language instead.
 */
final class FilterEvaluator {

    private FilterEvaluator() {}

    static boolean matches(Filter filter, Map<String, Object> attributes) {
        if (filter instanceof Filter.And a) {
            return matches(a.left(), attributes) && matches(a.right(), attributes);
        }
        if (filter instanceof Filter.Or o) {
            return matches(o.left(), attributes) || matches(o.right(), attributes);
        }
        if (filter instanceof Filter.Not n) {
            return !matches(n.filter(), attributes);
        }
        if (filter instanceof Filter.Present p) {
            Object v = value(p.path(), attributes);
            return v != null && !"".equals(v);
        }
        if (filter instanceof Filter.ValuePath v) {
            return matches(relative(v), attributes);
        }
        Filter.Comparison c = (Filter.Comparison) filter;
        Object actual = value(c.path(), attributes);
        if (actual instanceof Boolean b) {
            if (!(c.value() instanceof Boolean expected) || (c.operator() != Filter.Operator.EQ && c.operator() != Filter.Operator.NE)) {
                throw new InvalidFilterException("'" + c.path() + "' is a boolean: use eq or ne with true or false");
            }
            return (c.operator() == Filter.Operator.EQ) == (b.equals(expected));
        }
        String a = String.valueOf(actual).toLowerCase(Locale.ROOT);
        String e = String.valueOf(c.value()).toLowerCase(Locale.ROOT);
        return switch (c.operator()) {
            case EQ -> a.equals(e);
            case NE -> !a.equals(e);
            case CO -> a.contains(e);
            case SW -> a.startsWith(e);
            case EW -> a.endsWith(e);
            case GT -> a.compareTo(e) > 0;
            case GE -> a.compareTo(e) >= 0;
            case LT -> a.compareTo(e) < 0;
            case LE -> a.compareTo(e) <= 0;
        };
    }

    private static Filter relative(Filter.ValuePath v) {
        if (v.filter() instanceof Filter.Comparison c && c.path().subAttribute().isEmpty()) {
            return new Filter.Comparison(AttributePath.of(v.attribute().attribute() + "." + c.path().attribute()), c.operator(), c.value());
        }
        throw new InvalidFilterException("Only simple comparisons are supported inside [...]");
    }

    private static Object value(AttributePath path, Map<String, Object> attributes) {
        String key = path.key();
        if (key.equals("emails")) {
            key = "emails.value";
        }
        if (!attributes.containsKey(key)) {
            throw new InvalidFilterException("The attribute '" + path + "' cannot be searched in this store");
        }
        return attributes.get(key);
    }
}
