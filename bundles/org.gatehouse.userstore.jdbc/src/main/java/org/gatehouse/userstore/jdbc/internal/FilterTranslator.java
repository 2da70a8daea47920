package org.gatehouse.userstore.jdbc.internal;

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
 * Translates a {@link Filter} tree into an SQL condition, so the database does the filtering.
 *
 * <p>Paths that map to columns compare those columns; other paths, when an attribute table is
 * given, become {@code EXISTS} sub-queries over it. Missing values follow SCIM: {@code ne} and
 * {@code not(...)} match entries that lack the attribute.
 */
final class FilterTranslator {

    /** How custom attributes are stored: table, owner column, outer id column. */
    record AttributeTable(String table, String ownerColumn, String outerId) {}

    private final Map<String, Column> columns;
    private final Optional<AttributeTable> attributes;
    private final Map<String, String> membershipColumns;

    /**
     * @param columns searchable columns by lower-case attribute path
     * @param attributes where custom attributes live, if searchable
     * @param membershipColumns paths answered by a membership sub-query: path key to an SQL template
     *     with one {@code ?} for the value
     */
    FilterTranslator(Map<String, Column> columns, Optional<AttributeTable> attributes, Map<String, String> membershipColumns) {
        this.columns = columns;
        this.attributes = attributes;
        this.membershipColumns = membershipColumns;
    }

    SqlCondition translate(Optional<Filter> filter) {
        if (filter.isEmpty()) {
            return SqlCondition.ALWAYS;
        }
        List<Object> params = new ArrayList<>();
        String sql = translate(filter.get(), params, Optional.empty());
        return new SqlCondition(sql, params);
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
            return present(resolve(p.path(), parent), params);
        }
        Filter.Comparison c = (Filter.Comparison) f;
        return compare(resolve(c.path(), parent), c, params);
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

    private String present(AttributePath path, List<Object> params) {
        Column column = columns.get(path.key());
        if (column != null) {
            return column.type() == Column.Type.STRING || column.type() == Column.Type.EXACT_STRING
                    ? "(" + column.sql() + " IS NOT NULL AND " + column.sql() + " <> '')"
                    : column.sql() + " IS NOT NULL";
        }
        String membership = membershipColumns.get(path.key());
        if (membership != null) {
            return "EXISTS (" + membership.replace("= ?", "IS NOT NULL") + ")";
        }
        AttributeTable t = attributeTable(path);
        params.add(path.key());
        return "EXISTS (SELECT 1 FROM " + t.table() + " a WHERE a." + t.ownerColumn() + " = " + t.outerId() + " AND a.name_key = ?)";
    }

    private String compare(AttributePath path, Filter.Comparison c, List<Object> params) {
        Column column = columns.get(path.key());
        if (column != null) {
            return compareColumn(column, path, c.operator(), c.value(), params);
        }
        String membership = membershipColumns.get(path.key());
        if (membership != null) {
            if (c.operator() != Filter.Operator.EQ || !(c.value() instanceof String)) {
                throw new InvalidFilterException("'" + path + "' supports only eq with a string");
            }
            params.add(c.value());
            return "EXISTS (" + membership + ")";
        }
        AttributeTable t = attributeTable(path);
        params.add(path.key());
        String inner = compareColumn(Column.key("a.val_key"), path, c.operator(), c.value(), params);
        if (c.value() == null) {
            // "attr eq null" means the attribute is absent
            params.remove(params.size() - 1);
            String exists = "EXISTS (SELECT 1 FROM " + t.table() + " a WHERE a." + t.ownerColumn() + " = " + t.outerId() + " AND a.name_key = ?)";
            return c.operator() == Filter.Operator.EQ ? "(NOT " + exists + ")" : exists;
        }
        return "EXISTS (SELECT 1 FROM " + t.table() + " a WHERE a." + t.ownerColumn() + " = " + t.outerId() + " AND a.name_key = ? AND " + inner + ")";
    }

    private AttributeTable attributeTable(AttributePath path) {
        return attributes.orElseThrow(() -> new InvalidFilterException("The attribute '" + path + "' cannot be searched"));
    }

    private String compareColumn(Column column, AttributePath path, Filter.Operator op, Object value, List<Object> params) {
        String expr = column.comparable();
        if (value == null) {
            return switch (op) {
                case EQ -> "(" + column.sql() + " IS NULL)";
                case NE -> "(" + column.sql() + " IS NOT NULL)";
                default -> throw new InvalidFilterException("'" + op.scim() + "' cannot compare with null");
            };
        }
        Object bound = convert(column, path, op, value);
        switch (op) {
            case EQ -> {
                params.add(bound);
                return "(" + expr + " = ?)";
            }
            case NE -> {
                params.add(bound);
                return "(" + column.sql() + " IS NULL OR " + expr + " <> ?)";
            }
            case CO, SW, EW -> {
                if (!(bound instanceof String s)) {
                    throw new InvalidFilterException("'" + op.scim() + "' needs a string value");
                }
                String escaped = s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
                params.add(switch (op) {
                    case CO -> "%" + escaped + "%";
                    case SW -> escaped + "%";
                    default -> "%" + escaped;
                });
                return "(" + expr + " LIKE ? ESCAPE '\\')";
            }
            default -> {
                if (column.type() == Column.Type.BOOLEAN) {
                    throw new InvalidFilterException("'" + op.scim() + "' cannot compare booleans");
                }
                params.add(bound);
                String sqlOp = switch (op) {
                    case GT -> ">";
                    case GE -> ">=";
                    case LT -> "<";
                    default -> "<=";
                };
                return "(" + expr + " " + sqlOp + " ?)";
            }
        }
    }

    private static Object convert(Column column, AttributePath path, Filter.Operator op, Object value) {
        switch (column.type()) {
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw new InvalidFilterException("'" + path + "' is a boolean: compare it with true or false");
                }
                return value;
            }
            case TIMESTAMP -> {
                if (!(value instanceof String s)) {
                    throw new InvalidFilterException("'" + path + "' is a date-time: compare it with an ISO 8601 string");
                }
                try {
                    return OffsetDateTime.parse(s);
                } catch (DateTimeParseException e) {
                    throw new InvalidFilterException("'" + s + "' is not an ISO 8601 date-time with offset, e.g. 2026-01-31T12:00:00Z");
                }
            }
            case EXACT_STRING -> {
                if (!(value instanceof String)) {
                    throw new InvalidFilterException("'" + path + "' is a string: quote the value");
                }
                return value;
            }
            default -> {
                String s = value instanceof String str ? str : String.valueOf(value);
                return s.toLowerCase(Locale.ROOT);
            }
        }
    }
}
