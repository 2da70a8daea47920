package org.gatehouse.api.authn;

/** Why a step failed; decides what the runtime does next. */
public enum FailureReason {
    /** A wrong password, code or assertion; counts toward account lockout. */
    CREDENTIALS,
    /** The account is locked or disabled. */
    ACCOUNT_LOCKED,
    /** A code, link or challenge expired. */
    EXPIRED,
    /** The user has not enrolled the factor this step needs. */
    NOT_ENROLLED,
    /** The user cancelled, or the upstream IdP reported a cancellation. */
    CANCELLED,
    /** An upstream identity provider or gateway failed. */
    UPSTREAM,
    /** The authenticator is misconfigured. */
    CONFIGURATION
}
