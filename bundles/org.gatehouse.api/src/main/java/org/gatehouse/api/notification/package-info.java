/**
 * Notification channels: how Gatehouse reaches a person (email, SMS, ...).
 *
 * <p>A connector registers a {@link org.gatehouse.api.notification.NotificationChannel} service;
 * authenticators and account flows ask the runtime to deliver a {@link
 * org.gatehouse.api.notification.Notification} through the channel of the right type.
 */
@Version("1.1.0")
@Export
package org.gatehouse.api.notification;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
