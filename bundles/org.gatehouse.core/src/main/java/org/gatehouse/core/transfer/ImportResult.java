package org.gatehouse.core.transfer;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an import did.
 *
 * @param rows data rows read (the header not counted)
 * @param created users created
 * @param failed rows rejected
 * @param errors the first {@link #MAX_ERRORS} rejected rows, each with its reason
 * @param took how long the import ran
 */
public record ImportResult(long rows, long created, long failed, List<RowError> errors, Duration took) {

    /** Errors beyond this many are counted in {@code failed} but not listed. */
    public static final int MAX_ERRORS = 1000;

    public ImportResult {
        errors = List.copyOf(errors);
        Objects.requireNonNull(took, "took");
    }
}
