package org.gatehouse.persistence;

/** The database products Gatehouse runs on. */
public enum Dialect {
    /** H2 in PostgreSQL compatibility mode: the embedded default. */
    H2,
    POSTGRESQL
}
