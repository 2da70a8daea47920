package org.gatehouse.core.transfer;

import java.util.Objects;

/**
 * Why a row was rejected.
 *
 * @param row the row's number in the input, the first data row being 1
 * @param field the column or attribute at fault, or null when the row as a whole is
 * @param reason a stable code: {@code malformed}, {@code invalid_value}, {@code uniqueness},
 *     {@code store_unavailable}
 * @param message what is wrong, for people; never contains a password
 */
public record RowError(long row, String field, String reason, String message) {

    public static final String MALFORMED = "malformed";
    public static final String INVALID_VALUE = "invalid_value";
    public static final String UNIQUENESS = "uniqueness";
    public static final String STORE_UNAVAILABLE = "store_unavailable";

    public RowError {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
