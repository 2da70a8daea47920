/**
 * Cryptographic services of the Gatehouse runtime: password hashing in a self-describing,
 * upgradable format, and high-entropy secrets.
 */
@Version("1.0.0")
@Export
package org.gatehouse.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
