package org.gatehouse.userstore.jdbc.internal;

/**
 * A searchable column and how values compare against it.
 *
 * @param sql the qualified column, e.g. {@code u.username_key}
 * @param type how filter values are converted and compared
 * @param lowerCased whether the column holds lower-cased values (so values are lower-cased, and
 *     the column is used as is, which keeps its index usable)
 */
record Column(String sql, Type type, boolean lowerCased) {

    enum Type {
        /** Compared ignoring case, as SCIM compares caseExact=false strings. */
        STRING,
        /** Compared exactly (ids). */
        EXACT_STRING,
        BOOLEAN,
        TIMESTAMP
    }

    static Column text(String sql) {
        return new Column(sql, Type.STRING, false);
    }

    static Column key(String sql) {
        return new Column(sql, Type.STRING, true);
    }

    static Column exact(String sql) {
        return new Column(sql, Type.EXACT_STRING, false);
    }

    static Column bool(String sql) {
        return new Column(sql, Type.BOOLEAN, false);
    }

    static Column time(String sql) {
        return new Column(sql, Type.TIMESTAMP, false);
    }

    /** @return the SQL expression to compare, lower-cased when the column is compared ignoring case */
    String comparable() {
        return type == Type.STRING && !lowerCased ? "LOWER(" + sql + ")" : sql;
    }
}
