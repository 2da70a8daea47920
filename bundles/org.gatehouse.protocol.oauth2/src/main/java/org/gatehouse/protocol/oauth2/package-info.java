/**
 * What other Gatehouse bundles (the management API, SCIM) need from the OAuth 2 authorization
 * server: verifying the bearer access tokens that callers present.
 */
@Version("1.1.0")
@Export
package org.gatehouse.protocol.oauth2;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
