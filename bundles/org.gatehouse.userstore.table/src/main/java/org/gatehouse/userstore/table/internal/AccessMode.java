package org.gatehouse.userstore.table.internal;

/** Whether Gatehouse may change the table. */
public enum AccessMode {
    /** The application owns the table; Gatehouse reads users and checks passwords. */
    READ_ONLY,
    /** Gatehouse also creates, updates and deletes users and sets passwords. */
    READ_WRITE
}
