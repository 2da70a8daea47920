package org.gatehouse.userstore.table.internal;

/**
 * A column of the users (or groups) table as the database reported it.
 *
 * @param raw the column's name exactly as the database spells it
 * @param alias the alias of its table in SELECTs, e.g. {@code u}
 * @param kind how its values are converted
 * @param maxLength the longest text the column holds, 0 when unbounded or unknown
 */
record MappedColumn(String raw, String alias, ColumnKind kind, int maxLength) {

    /** @return this column under another table alias */
    MappedColumn as(String otherAlias) {
        return new MappedColumn(raw, otherAlias, kind, maxLength);
    }

    /** @return the quoted name, for INSERT and UPDATE */
    String name() {
        return Identifiers.quote(raw);
    }

    /** @return the column qualified with its table alias, for SELECTs: {@code u."login"} */
    String sql() {
        return alias + "." + name();
    }
}
