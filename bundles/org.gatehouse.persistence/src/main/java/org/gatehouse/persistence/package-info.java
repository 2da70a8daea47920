/**
 * The Gatehouse database, for Gatehouse's own bundles and for connectors that keep tables in it.
 *
 * <p>{@link org.gatehouse.persistence.Database} is registered once the pool is up and the base
 * schema (organizations) is migrated. Each bundle owns its tables and applies its own versioned
 * migrations with {@link org.gatehouse.persistence.Database#migrate}, which is safe when several
 * nodes start against one database at once. Migrations are written once, in the SQL that H2 (in
 * PostgreSQL mode) and PostgreSQL share.
 */
@Version("1.0.0")
@Export
package org.gatehouse.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
