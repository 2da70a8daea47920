package org.gatehouse.api.userstore;

import java.util.List;
import java.util.Objects;

/**
 * A page of search results gathered from several user stores by {@link UserDirectory}.
 *
 * @param page the entries, in the stores' resolution order; {@code totalResults} is the sum over the
 *     stores that answered, or {@code -1} when one of them could not count
 * @param unavailableDomains the domains of stores that were unavailable and were skipped: their
 *     entries are missing from this page and from the total
 */
public record DirectoryPage<T>(Page<T> page, List<String> unavailableDomains) {

    public DirectoryPage {
        Objects.requireNonNull(page, "page");
        unavailableDomains = List.copyOf(unavailableDomains);
    }

    /** @return whether every store that was asked answered */
    public boolean complete() {
        return unavailableDomains.isEmpty();
    }
}
