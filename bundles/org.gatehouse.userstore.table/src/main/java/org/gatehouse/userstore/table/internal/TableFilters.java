package org.gatehouse.userstore.table.internal;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;

/**
 * Translates a {@link Filter} tree into a parameterised SQL condition over the mapped columns, so
 * the database does the filtering. Semantics follow SCIM (and the Gatehouse database's own store):
 * strings compare ignoring case, ids exactly; {@code co}/{@code sw}/{@code ew} escape the LIKE
 * wildcards in the value; {@code ne} and {@code not(...)} match rows where the column is NULL. A path
 * that no column is mapped to is an {@link InvalidFilterException} naming the path.
 *
 * <p>Values only ever travel as bind parameters; the SQL text is made of mapped column names
 * (checked against the table) and fixed operators.
 */
final class TableFilters {

    /** What a path compares against. */
    sealed interface Target permits ColumnTarget, ActiveTarget, MembershipTarget {}

    /** A mapped column; {@code exact} compares strings case-sensitively (ids). */
    record ColumnTarget(MappedColumn column, boolean exact) implements Target {}

    record ActiveTarget(ActiveColumn active) implements Target {}

    /** Membership: {@code sql} is an EXISTS sub-query with one {@code ?} for the other side's id. */
    record MembershipTarget(String sql, MappedColumn otherId) implements Target {}

    private final String domain;
    private final Map<String, Target> targets;

    /** @param targets by lower-case attribute path */
    TableFilters(String domain, Map<String, Target> targets) {
        this.domain = domain;
        this.targets = Map.copyOf(targets);
    }

    SqlCondition translate(Optional<Filter> filter) {
        if (filter.isEmpty()) {
            return SqlCondition.ALWAYS;
        }
        List<Object> params = new ArrayList<>();
        String sql = translate(filter.get(), params, Optional.empty());
        return new SqlCondition(sql, params);
    }

    /** @return the target for sorting or filtering by that path */
    Target target(AttributePath path) {
        Target t = targets.get(path.key());
        if (t == null) {
            throw new InvalidFilterException("The attribute '" + path + "' is not mapped to a column in the user store " + domain);
        }
        return t;
    }

    private String translate(Filter f, List<Object> params, Optional<AttributePath> parent) {
        if (f instanceof Filter.And a) {
            return "(" + translate(a.left(), params, parent) + " AND " + translate(a.right(), params, parent) + ")";
        }
        if (f instanceof Filter.Or o) {
            return "(" + translate(o.left(), params, parent) + " OR " + translate(o.right(), params, parent) + ")";
        }
        if (f instanceof Filter.Not n) {
            return "(NOT COALESCE(" + translate(n.filter(), params, parent) + ", FALSE))";
        }
        if (f instanceof Filter.ValuePath v) {
            if (parent.isPresent()) {
                throw new InvalidFilterException("Complex attribute filters cannot be nested");
            }
            return translate(v.filter(), params, Optional.of(v.attribute()));
        }
        if (f instanceof Filter.Present p) {
            return present(resolve(p.path(), parent));
        }
        Filter.Comparison c = (Filter.Comparison) f;
        return compare(resolve(c.path(), parent), c, params);
    }

    /** Inside {@code emails[...]} a path is relative: {@code value} means {@code emails.value}. */
    private static AttributePath resolve(AttributePath path, Optional<AttributePath> parent) {
        if (parent.isEmpty()) {
            return path;
        }
        if (path.subAttribute().isPresent()) {
            throw new InvalidFilterException("Inside " + parent.get() + "[...] name sub-attributes only, not '" + path + "'");
        }
        return new AttributePath(parent.get().attribute(), Optional.of(path.attribute()));
    }

    private String present(AttributePath path) {
        Target target = target(path);
        if (target instanceof ColumnTarget t) {
            return t.column().kind() == ColumnKind.TEXT
                    ? "(" + t.column().sql() + " IS NOT NULL AND " + t.column().sql() + " <> '')"
                    : "(" + t.column().sql() + " IS NOT NULL)";
        }
        if (target instanceof ActiveTarget) {
            return "(1 = 1)";
        }
        MembershipTarget m = (MembershipTarget) target;
        return "EXISTS (" + m.sql().replace("= ?", "IS NOT NULL") + ")";
    }

    private String compare(AttributePath path, Filter.Comparison c, List<Object> params) {
        Target target = target(path);
        if (target instanceof ColumnTarget t) {
            return compareColumn(t, path, c.operator(), c.value(), params);
        }
        if (target instanceof ActiveTarget t) {
            if (!(c.value() instanceof Boolean b) || (c.operator() != Filter.Operator.EQ && c.operator() != Filter.Operator.NE)) {
                throw new InvalidFilterException("'" + path + "' is a boolean: compare it with eq or ne and true or false");
            }
            return (b == (c.operator() == Filter.Operator.EQ)) ? t.active().sql() : "(NOT " + t.active().sql() + ")";
        }
        MembershipTarget m = (MembershipTarget) target;
        if (c.operator() != Filter.Operator.EQ || !(c.value() instanceof String s)) {
            throw new InvalidFilterException("'" + path + "' supports only eq with a string");
        }
        Optional<Object> id = ColumnValues.id(m.otherId(), s);
        if (id.isEmpty()) {
            return "(1 = 0)";
        }
        params.add(id.get());
        return "EXISTS (" + m.sql() + ")";
    }

    private String compareColumn(ColumnTarget t, AttributePath path, Filter.Operator op, Object value, List<Object> params) {
        MappedColumn column = t.column();
        if (value == null) {
            return switch (op) {
                case EQ -> "(" + column.sql() + " IS NULL)";
                case NE -> "(" + column.sql() + " IS NOT NULL)";
                default -> throw new InvalidFilterException("'" + op.scim() + "' cannot compare with null");
            };
        }
        if (op == Filter.Operator.CO || op == Filter.Operator.SW || op == Filter.Operator.EW) {
            if (column.kind() == ColumnKind.BOOLEAN || column.kind() == ColumnKind.TIMESTAMP) {
                throw new InvalidFilterException("'" + op.scim() + "' needs a string attribute; '" + path + "' is not one");
            }
            String s = t.exact() ? String.valueOf(value) : String.valueOf(value).toLowerCase(Locale.ROOT);
            String escaped = s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            params.add(switch (op) {
                case CO -> "%" + escaped + "%";
                case SW -> escaped + "%";
                default -> "%" + escaped;
            });
            String expr = column.kind() == ColumnKind.TEXT ? column.sql() : "CAST(" + column.sql() + " AS VARCHAR(64))";
            return "(" + (t.exact() ? expr : "LOWER(" + expr + ")") + " LIKE ? ESCAPE '\\')";
        }
        Optional<Object> bound = convert(t, path, op, value);
        if (bound.isEmpty()) {
            // a value the column cannot hold (a text id for an integer column) equals nothing
            return op == Filter.Operator.NE ? "(1 = 1)" : "(1 = 0)";
        }
        params.add(bound.get());
        String expr = column.kind() == ColumnKind.TEXT && !t.exact() ? "LOWER(" + column.sql() + ")" : column.sql();
        return switch (op) {
            case EQ -> "(" + expr + " = ?)";
            case NE -> "(" + column.sql() + " IS NULL OR " + expr + " <> ?)";
            case GT -> "(" + expr + " > ?)";
            case GE -> "(" + expr + " >= ?)";
            case LT -> "(" + expr + " < ?)";
            default -> "(" + expr + " <= ?)";
        };
    }

    private static Optional<Object> convert(ColumnTarget t, AttributePath path, Filter.Operator op, Object value) {
        MappedColumn column = t.column();
        switch (column.kind()) {
            case BOOLEAN -> {
                if (!(value instanceof Boolean b) || (op != Filter.Operator.EQ && op != Filter.Operator.NE)) {
                    throw new InvalidFilterException("'" + path + "' is a boolean: compare it with eq or ne and true or false");
                }
                return Optional.of(b);
            }
            case TIMESTAMP -> {
                if (!(value instanceof String s)) {
                    throw new InvalidFilterException("'" + path + "' is a date-time: compare it with an ISO 8601 string");
                }
                try {
                    return Optional.of(Timestamp.from(OffsetDateTime.parse(s).toInstant()));
                } catch (DateTimeParseException e) {
                    throw new InvalidFilterException("'" + s + "' is not an ISO 8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
                }
            }
            case INTEGER -> {
                if (value instanceof Long n) {
                    return Optional.of(n);
                }
                if (value instanceof String s) {
                    return ColumnValues.id(column, s);
                }
                throw new InvalidFilterException("'" + path + "' is a number or id: compare it with a number or a quoted id");
            }
            case UUID -> {
                if (op != Filter.Operator.EQ && op != Filter.Operator.NE) {
                    throw new InvalidFilterException("'" + path + "' is a UUID: compare it with eq or ne");
                }
                return ColumnValues.id(column, String.valueOf(value));
            }
            default -> {
                String s = value instanceof String str ? str : String.valueOf(value);
                return Optional.of(t.exact() ? s : s.toLowerCase(Locale.ROOT));
            }
        }
    }
}
