package org.gatehouse.api.userstore;

/** The outcome of a credential check by a store. */
public enum CredentialCheck {
    /** The credential matches. */
    VALID,
    /** The credential does not match. */
    INVALID,
    /** The user has no credential of this kind. */
    NOT_SET
}
