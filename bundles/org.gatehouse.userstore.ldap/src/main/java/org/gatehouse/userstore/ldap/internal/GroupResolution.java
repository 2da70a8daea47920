package org.gatehouse.userstore.ldap.internal;

/** Where the store learns which groups a user belongs to. */
public enum GroupResolution {
    /** Searches the groups whose member attribute names the user's DN. */
    MEMBER,
    /**
     * Reads the user's memberOf attribute (maintained by the directory: Active Directory, the
     * OpenLDAP memberof overlay); also lets searches filter users by group without a second search.
     */
    MEMBER_OF
}
