/**
 * What is installed: the runtimes catalog of the plugins it currently tracks, with the bundle and
 * version that provides each.
 */
@Version("1.0.0")
@Export
package org.gatehouse.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
