package org.gatehouse.userstore.ldap.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.directory.api.ldap.model.cursor.SearchCursor;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.message.AliasDerefMode;
import org.apache.directory.api.ldap.model.message.ResultCodeEnum;
import org.apache.directory.api.ldap.model.message.SearchRequest;
import org.apache.directory.api.ldap.model.message.SearchRequestImpl;
import org.apache.directory.api.ldap.model.message.SearchResultDone;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.message.controls.PagedResults;
import org.apache.directory.api.ldap.model.message.controls.PagedResultsImpl;
import org.apache.directory.api.ldap.model.message.controls.SortKey;
import org.apache.directory.api.ldap.model.message.controls.SortRequest;
import org.apache.directory.api.ldap.model.message.controls.SortRequestImpl;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.ldap.client.api.LdapConnection;
import org.gatehouse.api.userstore.UserStoreException;

/**
 * Searches page by page with the simple paged results control (RFC 2696), so a search returns
 * every match however small the directory's size limit is, and visits the entries as they arrive
 * instead of holding them all. Optionally sorted by the server (RFC 2891).
 */
final class PagedSearch {

    /** No attributes at all (RFC 4511 4.5.1.8): for counting. */
    static final String[] NO_ATTRIBUTES = {"1.1"};

    /** A search to run. */
    record Request(String base, SearchScope scope, String filter, String[] attributes, Optional<Sort> sort) {}

    /** Server-side sort by one attribute, with an ordering rule (OID) or the attribute's own (null). */
    record Sort(String attribute, String orderingRule, boolean descending) {}

    /** A window of the matches, with the count of all of them (or -1 past the count limit). */
    record Window(List<Entry> entries, long total) {}

    private final String domain;
    private final int pageSize;
    private final int countLimit;
    private final Duration timeLimit;

    PagedSearch(String domain, int pageSize, int countLimit, Duration timeLimit) {
        this.domain = domain;
        this.pageSize = pageSize;
        this.countLimit = countLimit;
        this.timeLimit = timeLimit;
    }

    /**
     * Collects the matches from {@code offset} on, at most {@code limit}, and counts all matches.
     * When the window ends before the matches do, the rest is counted by a second search that
     * asks for no attributes, up to the count limit.
     */
    Window window(LdapConnection c, Request r, int offset, int limit) throws LdapException {
        List<Entry> entries = new ArrayList<>(Math.min(limit, 1000));
        long[] seen = {0};
        boolean[] more = {false};
        if (limit > 0) {
            visit(c, r, e -> {
                if (seen[0] >= (long) offset + limit) {
                    more[0] = true;
                    return false;
                }
                if (seen[0] >= offset) {
                    entries.add(e);
                }
                seen[0]++;
                return true;
            });
        }
        if (limit > 0 && !more[0]) {
            return new Window(entries, seen[0]);
        }
        long[] count = {0};
        boolean complete = visit(c, new Request(r.base(), r.scope(), r.filter(), NO_ATTRIBUTES, Optional.empty()), e -> ++count[0] <= countLimit);
        return new Window(entries, complete ? count[0] : -1);
    }

    /**
     * Visits the matches in order until the visitor answers false. Stopping early reads the rest of
     * the current page and then ends the paged search with a request of size 0 (RFC 2696 3), so the
     * directory frees what it keeps for it (a sorted result set, a cursor) at once.
     *
     * @return whether every match was visited
     */
    boolean visit(LdapConnection c, Request r, Predicate<Entry> visitor) throws LdapException {
        byte[] cookie = null;
        boolean stopped = false;
        do {
            SearchResultDone done;
            try (SearchCursor cursor = c.search(request(r, stopped ? 0 : pageSize, cookie))) {
                while (cursor.next()) {
                    if (!stopped && cursor.isEntry() && !visitor.test(cursor.getEntry())) {
                        stopped = true;
                    }
                }
                done = cursor.getSearchResultDone();
            } catch (LdapException e) {
                throw e;
            } catch (Exception e) {
                throw new LdapException("Search failed: " + e.getMessage(), e);
            }
            if (done == null) {
                throw new LdapException("The search ended without a result");
            }
            ResultCodeEnum code = done.getLdapResult().getResultCode();
            if (code == ResultCodeEnum.NO_SUCH_OBJECT) {
                // the base DN does not exist (any more): nothing matches
                return !stopped;
            }
            if (code != ResultCodeEnum.SUCCESS) {
                if (stopped) {
                    return false; // ending the paged search early is a courtesy; its answer does not matter
                }
                throw DirectoryAnswers.toStoreException(domain, code, "search: " + done.getLdapResult().getDiagnosticMessage(), null);
            }
            PagedResults answer = (PagedResults) done.getControl(PagedResults.OID);
            if (answer == null) {
                if (cookie == null || stopped) {
                    // a directory without paging answered everything at once
                    return !stopped;
                }
                throw new UserStoreException("The directory of the user store " + domain + " stopped paging");
            }
            cookie = answer.getCookie();
            if (stopped && (cookie == null || cookie.length == 0)) {
                return false;
            }
        } while (cookie != null && cookie.length > 0);
        return !stopped;
    }

    private SearchRequest request(Request r, int size, byte[] cookie) throws LdapException {
        SearchRequest request = new SearchRequestImpl();
        request.setBase(new Dn(r.base()));
        request.setScope(r.scope());
        request.setFilter(r.filter());
        request.addAttributes(r.attributes());
        request.setDerefAliases(AliasDerefMode.NEVER_DEREF_ALIASES);
        request.setTimeLimit((int) Math.max(1, timeLimit.toSeconds()));
        request.setSizeLimit(0);
        PagedResults paged = new PagedResultsImpl();
        paged.setSize(size);
        if (cookie != null) {
            paged.setCookie(cookie);
        }
        request.addControl(paged);
        if (r.sort().isPresent()) {
            SortRequest sort = new SortRequestImpl();
            sort.addSortKey(new SortKey(r.sort().get().attribute(), r.sort().get().orderingRule(), r.sort().get().descending()));
            // critical: an unsorted answer would silently break the order across pages
            sort.setCritical(true);
            request.addControl(sort);
        }
        return request;
    }
}
