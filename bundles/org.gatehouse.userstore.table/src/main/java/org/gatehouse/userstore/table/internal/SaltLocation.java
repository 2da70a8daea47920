package org.gatehouse.userstore.table.internal;

/** Where the salt of a plain salted digest is kept. */
public enum SaltLocation {
    /** The table uses no plain salted digests. */
    NONE,
    /** In a column of its own ({@code column.salt}). */
    COLUMN,
    /** In front of the digest in the hash column: {@code salt$digest}. */
    PREFIX
}
