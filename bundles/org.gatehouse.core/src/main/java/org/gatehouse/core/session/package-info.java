/**
 * Browser single sign-on sessions and the hand-over of a login between a protocol (OpenID Connect,
 * SAML) and the login pages.
 *
 * <p>A protocol that needs a user asks {@link org.gatehouse.core.session.LoginRequests} to begin a
 * login and sends the browser to the login page; the login pages authenticate the user, establish
 * an {@link org.gatehouse.core.session.SsoSession} through {@link
 * org.gatehouse.core.session.SsoSessions}, set the session cookie and send the browser back to the
 * protocol, which then finds the session from the cookie. Everything is stored in the database, so
 * any node can continue what another began.
 */
@Version("1.1.0")
@Export
package org.gatehouse.core.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
