package org.gatehouse.api.userstore;

import java.util.Objects;
import org.gatehouse.api.internal.FilterParser;

/**
 * A search filter: a tree of comparisons joined by {@code and}, {@code or} and {@code not}, with
 * the semantics of SCIM filters (RFC 7644 section 3.4.2.2). String comparisons ignore case unless
 * an attribute is defined as case-exact. Stores translate the tree into their query language.
 *
 * <p>The tree is closed (sealed), so a store can translate it exhaustively with a {@code switch}.
 */
public sealed interface Filter permits Filter.Comparison, Filter.Present, Filter.And, Filter.Or, Filter.Not, Filter.ValuePath {

    /**
     * Parses a filter in SCIM syntax, e.g. {@code userName eq "alice" and not (active eq false)}.
     *
     * @throws InvalidFilterException with a message that names the position of the problem
     */
    static Filter parse(String scimFilter) {
        return new FilterParser(scimFilter).parse();
    }

    /** Comparison operators. */
    enum Operator {
        EQ, NE, CO, SW, EW, GT, GE, LT, LE;

        /** @return the lower-case SCIM spelling */
        public String scim() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code path op value}.
     *
     * @param value a {@code String}, {@code Boolean}, {@code Long}, {@code Double} or {@code null}
     *     (JSON literal), as in the SCIM grammar
     */
    record Comparison(AttributePath path, Operator operator, Object value) implements Filter {
        public Comparison {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            if (value != null && !(value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double)) {
                throw new IllegalArgumentException("Unsupported filter value type: " + value.getClass().getName());
            }
        }
    }

    /** {@code path pr}: the attribute has a non-empty value. */
    record Present(AttributePath path) implements Filter {
        public Present {
            Objects.requireNonNull(path, "path");
        }
    }

    record And(Filter left, Filter right) implements Filter {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    record Or(Filter left, Filter right) implements Filter {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    record Not(Filter filter) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * {@code attribute[filter]}: some value of a multi-valued complex attribute matches the inner
     * filter, whose paths are relative to that attribute, e.g. {@code emails[type eq "work" and
     * value co "@example.com"]}.
     */
    record ValuePath(AttributePath attribute, Filter filter) implements Filter {
        public ValuePath {
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(filter, "filter");
        }
    }

    static Filter eq(AttributePath path, Object value) {
        return new Comparison(path, Operator.EQ, value);
    }
}
