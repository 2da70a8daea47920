package org.gatehouse.notification.email.internal;

/** How the connection to the SMTP server is protected. */
public enum SmtpSecurity {
    /** Plain text. Only for a relay on the same host or a trusted network. */
    NONE,
    /**
     * Upgrade a plain connection (usually port 587) with STARTTLS, and give up if the server does
     * not offer it: opportunistic STARTTLS would let anyone on the path strip it and read the codes.
     */
    STARTTLS,
    /** TLS from the first byte (implicit TLS, usually port 465). */
    SMTPS
}
