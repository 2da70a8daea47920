package org.gatehouse.application;

/** How access tokens for an application look to resource servers. */
public enum AccessTokenFormat {
    /** A signed JWT (RFC 9068) that resource servers can validate locally. */
    JWT,
    /** A random handle that resource servers resolve by introspection (RFC 7662). */
    OPAQUE
}
