/**
 * Users' authentication factors, stored by the runtime for authenticators: TOTP seeds (encrypted at
 * rest), passkeys, backup-code hashes. An authenticator reads them to decide whether its step applies
 * ({@link org.gatehouse.api.authn.Applicability}), writes them when the user enrols, and updates them
 * with a compare-and-set when a one-time value is used.
 */
@Version("1.0.0")
@Export
package org.gatehouse.api.credential;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
