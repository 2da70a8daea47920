/**
 * Claims: the names under which user attributes travel in tokens and assertions, and the attribute
 * paths of the user profile that they come from by default.
 */
@Version("1.0.0")
@Export
package org.gatehouse.api.claim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
