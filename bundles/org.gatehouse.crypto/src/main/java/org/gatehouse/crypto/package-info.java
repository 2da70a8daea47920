/**
 * Cryptographic services of the Gatehouse runtime: password hashing in a self-describing,
 * upgradable format; high-entropy secrets; encryption of secrets at rest under a master key kept
 * outside the database; and signing keys that rotate with overlap and are published as a JWK set.
 */
@Version("1.1.0")
@Export
package org.gatehouse.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
