package org.gatehouse.api.userstore;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items the entries of this page
 * @param totalResults how many entries match in all, or {@code -1} when the store cannot tell cheaply
 * @param offset the zero-based index of the first item among all matches
 * @param limit the page size that was asked for
 */
public record Page<T>(List<T> items, long totalResults, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }
}
