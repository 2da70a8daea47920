/**
 * Login flows: their versioned definitions per application, the engine that runs them for the
 * login pages and the app-native API, and account locks.
 */
@Version("1.0.0")
@Export
package org.gatehouse.core.login;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
