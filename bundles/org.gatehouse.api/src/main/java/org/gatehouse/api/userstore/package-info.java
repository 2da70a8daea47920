/**
 * User stores: where users, groups and credentials live.
 *
 * <p>A {@link org.gatehouse.api.userstore.UserStore} answers lookups, searches and credential checks;
 * a {@link org.gatehouse.api.userstore.WritableUserStore} also creates, updates and deletes. Searches
 * carry a {@link org.gatehouse.api.userstore.Filter} tree over attribute paths in the SCIM vocabulary
 * ({@code userName}, {@code name.givenName}, {@code emails.value}, ...), which a store translates
 * into its own query language (SQL, LDAP) instead of loading every user into memory.
 *
 * <p>Every user and group carries a version. An update names the version it was based on; when the
 * stored version differs the store throws {@link
 * org.gatehouse.api.userstore.VersionConflictException} instead of overwriting someone elses change.
 *
 * <p>Plugins register their stores as OSGi services of type {@code UserStore} (or {@code
 * WritableUserStore}); the runtime tracks them dynamically and offers them through {@link
 * org.gatehouse.api.userstore.UserDirectory}, which also searches across all of them (1.1).
 */
@Version("1.1.0")
@Export
package org.gatehouse.api.userstore;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
