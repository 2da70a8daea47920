/**
 * Applications: the OAuth 2 / OpenID Connect clients of an organization, created from templates
 * that apply the safe defaults of each kind of application and refuse settings unsafe for it.
 *
 * <p>Client metadata uses the vocabulary of OAuth 2.0 Dynamic Client Registration (RFC 7591) and
 * OpenID Connect Dynamic Client Registration, so the management API and the registration endpoint
 * speak the same JSON.
 */
@Version("1.0.0")
@Export
package org.gatehouse.application;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
