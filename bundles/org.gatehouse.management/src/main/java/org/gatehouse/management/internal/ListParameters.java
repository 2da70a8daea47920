package org.gatehouse.management.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Query;

/**
 * Parses the paging, filtering and sorting query parameters of list endpoints into a {@link Query}.
 * Parameters arrive as strings: a JAX-RS {@code int} parameter that fails to convert would answer
 * 404, where a client deserves a 400 naming the parameter.
 */
final class ListParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = Query.MAX_LIMIT;

    /** The attribute names a list understands, and the API's aliases for store (SCIM) paths. */
    enum Vocabulary {
        USERS(
                Map.of("email", "emails.value", "phonenumber", "phoneNumbers.value"),
                Set.of("id", "username", "active", "displayname", "name.givenname", "name.familyname", "emails.value",
                        "phonenumbers.value", "locale", "meta.created", "meta.lastmodified")),
        GROUPS(
                Map.of("name", "displayName"),
                Set.of("id", "displayname", "meta.created", "meta.lastmodified"));

        private final Map<String, String> aliases;
        private final Set<String> sortable;

        Vocabulary(Map<String, String> aliases, Set<String> sortable) {
            this.aliases = aliases;
            this.sortable = sortable;
        }

        AttributePath resolve(AttributePath path) {
            String alias = aliases.get(path.key());
            return alias == null ? path : AttributePath.of(alias);
        }

        /** Rewrites the API's aliases (e.g. {@code email}) into the store vocabulary ({@code emails.value}). */
        Filter rewrite(Filter filter) {
            if (filter instanceof Filter.Comparison c) {
                return new Filter.Comparison(resolve(c.path()), c.operator(), c.value());
            }
            if (filter instanceof Filter.Present p) {
                return new Filter.Present(resolve(p.path()));
            }
            if (filter instanceof Filter.And a) {
                return new Filter.And(rewrite(a.left()), rewrite(a.right()));
            }
            if (filter instanceof Filter.Or o) {
                return new Filter.Or(rewrite(o.left()), rewrite(o.right()));
            }
            if (filter instanceof Filter.Not n) {
                return new Filter.Not(rewrite(n.filter()));
            }
            // value paths: the inner paths are relative to the multi-valued attribute, keep them
            return filter;
        }
    }

    private ListParameters() {}

    /**
     * @throws ApiException 400 naming every invalid parameter
     * @throws org.gatehouse.api.userstore.InvalidFilterException when the filter is not valid SCIM syntax
     */
    static Query parse(String filter, String sortBy, String sortOrder, String offset, String limit, Vocabulary vocabulary) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int from = integer("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        int size = integer("limit", limit, DEFAULT_LIMIT, 0, MAX_LIMIT, errors);
        Optional<Query.Sort> sort = sort(sortBy, sortOrder, vocabulary, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        Optional<Filter> parsed = filter == null || filter.isBlank()
                ? Optional.empty()
                : Optional.of(vocabulary.rewrite(Filter.parse(filter)));
        return new Query(parsed, sort, from, size);
    }

    static int integer(String name, String value, int defaultValue, int min, int max, List<Problem.FieldError> errors) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                errors.add(new Problem.FieldError(name, max == Integer.MAX_VALUE
                        ? "Must be an integer of at least " + min
                        : "Must be an integer from " + min + " to " + max));
                return defaultValue;
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            errors.add(new Problem.FieldError(name, "Must be an integer"));
            return defaultValue;
        }
    }

    private static Optional<Query.Sort> sort(String sortBy, String sortOrder, Vocabulary vocabulary, List<Problem.FieldError> errors) {
        boolean descending = false;
        if (sortOrder != null && !sortOrder.isEmpty()) {
            switch (sortOrder.toLowerCase(Locale.ROOT)) {
                case "ascending", "asc" -> descending = false;
                case "descending", "desc" -> descending = true;
                default -> errors.add(new Problem.FieldError("sortOrder", "Must be ascending or descending"));
            }
        }
        if (sortBy == null || sortBy.isEmpty()) {
            return Optional.empty();
        }
        AttributePath path = vocabulary.resolve(AttributePath.of(sortBy.trim()));
        if (!vocabulary.sortable.contains(path.key())) {
            errors.add(new Problem.FieldError("sortBy", "Cannot sort by '" + sortBy + "'"));
            return Optional.empty();
        }
        return Optional.of(new Query.Sort(path, descending));
    }
}
