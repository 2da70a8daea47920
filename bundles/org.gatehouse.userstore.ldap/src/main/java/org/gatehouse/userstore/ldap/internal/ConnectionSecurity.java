package org.gatehouse.userstore.ldap.internal;

/** How the connection to the directory is protected. */
public enum ConnectionSecurity {
    /** Clear text: passwords cross the network readable. Loopback or test networks only. */
    NONE,
    /** ldap:// upgraded with the StartTLS extended operation before anything else is sent. */
    STARTTLS,
    /** ldaps://: TLS from the first byte. */
    LDAPS
}
