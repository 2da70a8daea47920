package org.gatehouse.api.plugin;

/** The extension points of the published API. */
public enum PluginType {
    AUTHENTICATOR,
    USER_STORE,
    NOTIFICATION_CHANNEL,
    EVENT_LISTENER
}
