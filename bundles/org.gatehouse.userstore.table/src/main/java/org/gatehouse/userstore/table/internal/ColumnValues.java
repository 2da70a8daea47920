package org.gatehouse.userstore.table.internal;

import java.util.Optional;

/** Ids and other values between the API's strings and a column's own type. */
final class ColumnValues {

    private ColumnValues() {}

    /**
     * @return the id as a value of the id column, or empty when it cannot be one (a text id for an
     *     integer column): such an id names nobody
     */
    static Optional<Object> id(MappedColumn column, String id) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return switch (column.kind()) {
                case INTEGER -> {
                    long n = Long.parseLong(id);
                    // one spelling per id: "007" and "+7" name nobody, as they would in a text column
                    yield Long.toString(n).equals(id) ? Optional.of(n) : Optional.empty();
                }
                case UUID -> Optional.of(java.util.UUID.fromString(id));
                default -> Optional.of(id);
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return an id as the API carries it */
    static String idString(Object raw) {
        return raw == null ? null : raw.toString();
    }
}
