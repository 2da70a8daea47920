package org.gatehouse.userstore.table.internal;

/** One way applications store password hashes. Implementations compare in constant time. */
interface PasswordFormat {

    /** @return a short name for logs, never the hash */
    String name();

    /** @return whether the stored value is in this format (by its shape, without verifying) */
    boolean recognizes(StoredPassword stored);

    /**
     * @return whether the password matches
     * @throws IllegalArgumentException when the stored value is malformed or its parameters are out of range
     */
    boolean verify(byte[] password, StoredPassword stored);
}
