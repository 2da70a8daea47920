package org.gatehouse.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One search over several stores, paged as if their results were one sequence in resolution order.
 * Each store is asked once, for its count and the part of the window it fills (a store past the
 * window is asked with limit 0, which costs it a count only), so no store ever loads more than a page.
 */
final class SpanningSearch {

    private static final Logger LOG = LoggerFactory.getLogger(SpanningSearch.class);

    private SpanningSearch() {}

    /** The stores to ask and the query each gets, after a domain-qualified name narrowed them. */
    record Plan(List<UserStore> stores, Query query) {}

    /**
     * Narrows the search to one store when a top-level conjunct compares {@code attribute} with
     * {@code "DOMAIN/name"} for a known domain, rewriting that comparison to {@code name}.
     */
    static Plan plan(List<UserStore> stores, Query query, AttributePath attribute, Function<String, Optional<UserStore>> byDomain) {
        if (query.filter().isEmpty()) {
            return new Plan(stores, query);
        }
        Narrowed narrowed = narrow(query.filter().get(), attribute, byDomain);
        if (narrowed == null) {
            return new Plan(stores, query);
        }
        return new Plan(List.of(narrowed.store), new Query(Optional.of(narrowed.filter), query.sort(), query.offset(), query.limit()));
    }

    private record Narrowed(UserStore store, Filter filter) {}

    private static Narrowed narrow(Filter f, AttributePath attribute, Function<String, Optional<UserStore>> byDomain) {
        if (f instanceof Filter.Comparison c && c.path().is(attribute) && c.operator() == Filter.Operator.EQ && c.value() instanceof String s) {
            int slash = s.indexOf('/');
            if (slash > 0) {
                Optional<UserStore> store = byDomain.apply(s.substring(0, slash).toUpperCase(Locale.ROOT));
                if (store.isPresent()) {
                    return new Narrowed(store.get(), new Filter.Comparison(c.path(), c.operator(), s.substring(slash + 1)));
                }
            }
            return null;
        }
        if (f instanceof Filter.And and) {
            Narrowed left = narrow(and.left(), attribute, byDomain);
            if (left != null) {
                return new Narrowed(left.store, new Filter.And(left.filter, and.right()));
            }
            Narrowed right = narrow(and.right(), attribute, byDomain);
            if (right != null) {
                return new Narrowed(right.store, new Filter.And(and.left(), right.filter));
            }
        }
        return null;
    }

    /**
     * Runs the query over the stores in order.
     *
     * @param search how one store searches (users or groups)
     */
    static <T> DirectoryPage<T> run(List<UserStore> stores, Query query, BiFunction<UserStore, Query, Page<T>> search) {
        List<T> items = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        long total = 0;
        boolean totalKnown = true;
        long toSkip = query.offset();
        for (UserStore store : stores) {
            String domain = store.descriptor().domain();
            int wanted = query.limit() - items.size();
            Query window = new Query(query.filter(),
                    store.descriptor().can(StoreCapability.SORT) ? query.sort() : Optional.empty(),
                    (int) toSkip, wanted);
            Page<T> page;
            try {
                page = search.apply(store, window);
            } catch (StoreUnavailableException e) {
                LOG.warn("User store {} is unavailable; a search goes on without its entries: {}", domain, e.getMessage());
                unavailable.add(domain);
                continue;
            }
            List<T> got = page.items();
            items.addAll(got.size() > wanted ? got.subList(0, wanted) : got);
            long count = page.totalResults();
            if (count < 0) {
                // a store that cannot count: its end is known only when it returned less than asked
                if (got.size() < wanted && (!got.isEmpty() || toSkip == 0)) {
                    count = toSkip + got.size();
                } else {
                    // where the later stores' entries would start is unknown: stop with an unknown total
                    totalKnown = false;
                    break;
                }
            }
            total += count;
            toSkip = Math.max(0, toSkip - count);
        }
        return new DirectoryPage<>(new Page<>(items, totalKnown ? total : -1, query.offset(), query.limit()), unavailable);
    }
}
