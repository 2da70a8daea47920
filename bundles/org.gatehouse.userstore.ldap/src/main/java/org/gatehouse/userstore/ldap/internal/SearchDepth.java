package org.gatehouse.userstore.ldap.internal;

/** How deep below a base DN entries are searched. */
public enum SearchDepth {
    /** The base and everything below it. */
    SUBTREE,
    /** The immediate children of the base only. */
    ONE_LEVEL
}
