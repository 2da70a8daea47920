package org.gatehouse.userstore.table.internal;

/** Where the id of a user created through Gatehouse comes from. */
public enum IdGeneration {
    /** The table's identity, serial or default: read back as a generated key. */
    DATABASE,
    /** A random UUID written by Gatehouse, for text or uuid id columns without a default. */
    UUID
}
