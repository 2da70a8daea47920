package org.gatehouse.userstore.table.internal;

/**
 * A password as the table holds it: the hash column and, for tables that keep it apart, the salt.
 *
 * @param hash the hash column's value, never null
 * @param salt the salt column's value, or null
 */
record StoredPassword(String hash, String salt) {

    @Override
    public String toString() {
        return "StoredPassword[redacted]";
    }
}
