package org.gatehouse.userstore.table.internal;

import java.util.regex.Pattern;

/**
 * The only names from the configuration that reach SQL: table and column names, checked strictly
 * so that nothing else (quotes, spaces, comments, semicolons) can.
 */
final class Identifiers {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private Identifiers() {}

    /** @return the column name, checked; {@code property} names the setting in the error */
    static String column(String property, String value) {
        if (value == null || !NAME.matcher(value.strip()).matches()) {
            throw new IllegalArgumentException(property + " must be a column name (letters, digits and _, not starting with a digit): '" + value + "'");
        }
        return value.strip();
    }

    /** @return the table name, with an optional schema, checked */
    static String table(String property, String value) {
        if (value == null || !QUALIFIED.matcher(value.strip()).matches()) {
            throw new IllegalArgumentException(property + " must be a table name, optionally schema.table (letters, digits and _): '" + value + "'");
        }
        return value.strip();
    }

    /** A name as the database reported it, quoted so that its case and spelling are kept exactly. */
    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code schema.table} quoted part by part. */
    static String quoteQualified(String qualified) {
        int dot = qualified.indexOf('.');
        return dot < 0 ? quote(qualified) : quote(qualified.substring(0, dot)) + "." + quote(qualified.substring(dot + 1));
    }
}
