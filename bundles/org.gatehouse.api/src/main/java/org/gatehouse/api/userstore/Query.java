package org.gatehouse.api.userstore;

import java.util.Optional;

/**
 * A search: a filter (empty for all entries), an optional sort and a page window.
 *
 * @param filter what to match; empty matches everything
 * @param sort how to order results; empty leaves the order to the store (stable across pages)
 * @param offset the zero-based index of the first result
 * @param limit the largest number of results to return, at least 0
 */
public record Query(Optional<Filter> filter, Optional<Sort> sort, int offset, int limit) {

    /** The largest page a caller may ask for; stores may cap lower. */
    public static final int MAX_LIMIT = 1000;

    public Query {
        filter = filter == null ? Optional.empty() : filter;
        sort = sort == null ? Optional.empty() : sort;
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT);
        }
    }

    public static Query all(int offset, int limit) {
        return new Query(Optional.empty(), Optional.empty(), offset, limit);
    }

    public static Query of(Filter filter, int offset, int limit) {
        return new Query(Optional.of(filter), Optional.empty(), offset, limit);
    }

    public Query withSort(Sort newSort) {
        return new Query(filter, Optional.ofNullable(newSort), offset, limit);
    }

    /** An ordering by one attribute. */
    public record Sort(AttributePath path, boolean descending) {}
}
