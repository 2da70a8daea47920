package org.gatehouse.userstore.table.internal;

/** The configuration does not fit the table: a missing table or column, a column of the wrong type. */
final class SchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SchemaException(String message) {
        super(message);
    }
}
