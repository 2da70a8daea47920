/**
 * Identity events and their listeners.
 *
 * <p>The runtime publishes an {@link org.gatehouse.api.event.IdentityEvent} after each change or
 * login outcome has been committed. Events reach {@link
 * org.gatehouse.api.event.IdentityEventListener} services asynchronously, so a slow or failing
 * listener never slows or fails the operation that caused the event.
 */
@Version("1.1.0")
@Export
package org.gatehouse.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
