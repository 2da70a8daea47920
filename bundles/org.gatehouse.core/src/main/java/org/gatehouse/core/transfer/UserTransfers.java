package org.gatehouse.core.transfer;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ProviderType;

/** Imports users into a writable user store, and exports a store's users, in a transfer format. */
@ProviderType
public interface UserTransfers {

    /** @return the ids of the formats available now, e.g. {@code csv} */
    List<String> formats();

    /**
     * Reads every row and creates a user for each valid one; a rejected row (malformed, a name
     * already taken, an unknown group, ...) is reported and changes nothing. Group memberships
     * named in a row are part of that row: groups that do not exist are created when the store
     * keeps groups.
     *
     * @param domain the store to import into
     * @param format a format id from {@link #formats()}
     * @param progress told every few hundred rows, and at the end
     * @throws TransferException when the format, the store or the data as a whole cannot be used
     *     (unknown format, read-only store, no header); nothing was imported then
     */
    ImportResult importUsers(OrganizationRef organization, String domain, String format, InputStream data, Progress progress);

    /**
     * Writes every user of the store, ordered by username, with their group names.
     *
     * @return how many users were written
     * @throws TransferException when the format or the store cannot be used
     */
    long exportUsers(OrganizationRef organization, String domain, String format, OutputStream out, Progress progress);

    /** Progress of a long transfer. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (rows, created, failed, bytes) -> {};

        /**
         * @param rows rows read (import) or written (export) so far
         * @param created users created so far (import)
         * @param failed rows rejected so far (import)
         * @param bytes bytes read so far (import), so a caller who knows the size can show a percentage
         */
        void progressed(long rows, long created, long failed, long bytes);
    }
}
