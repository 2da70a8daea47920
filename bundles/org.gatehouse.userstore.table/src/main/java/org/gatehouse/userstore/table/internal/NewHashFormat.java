package org.gatehouse.userstore.table.internal;

/** How a read-write store hashes the passwords it sets: formats an application is likely to read too. */
public enum NewHashFormat {
    /** {@code $2b$12$...}: what most web frameworks (Rails, Laravel, Spring Security, Node) write. */
    BCRYPT,
    /** {@code $argon2id$v=19$m=19456,t=2,p=1$...} (the OWASP minimum). */
    ARGON2ID,
    /** Django's {@code pbkdf2_sha256$600000$salt$hash}. */
    DJANGO_PBKDF2_SHA256,
    /** The PHC form {@code $pbkdf2-sha256$600000$salt$hash} (passlib's adapted base64). */
    PBKDF2_SHA256
}
