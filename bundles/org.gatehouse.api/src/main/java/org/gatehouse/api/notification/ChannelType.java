package org.gatehouse.api.notification;

/** The medium a channel delivers through. */
public enum ChannelType {
    EMAIL,
    SMS,
    /** Push, chat or webhook deliveries. */
    OTHER
}
