package org.gatehouse.api.userstore;

/** What a user store supports beyond reading users. */
public enum StoreCapability {
    /** Users and groups can be created, updated and deleted ({@link WritableUserStore}). */
    WRITE,
    /** The store keeps groups and memberships. */
    GROUPS,
    /** The store verifies passwords. */
    PASSWORD,
    /** The store can sort search results. */
    SORT
}
