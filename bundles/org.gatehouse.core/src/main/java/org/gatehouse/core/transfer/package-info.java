/**
 * Bulk import and export of users: {@link org.gatehouse.core.transfer.UserTransfers} streams users
 * in and out of a user store in one of the registered {@link
 * org.gatehouse.core.transfer.TransferFormat formats} (CSV is built in; other bundles add theirs,
 * e.g. SCIM JSON), reporting progress and an error per rejected row. A row is applied whole or not
 * at all.
 */
@Version("1.0.0")
@Export
package org.gatehouse.core.transfer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
