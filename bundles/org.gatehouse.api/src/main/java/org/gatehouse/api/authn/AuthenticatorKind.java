package org.gatehouse.api.authn;

/** Where an authenticator may stand in a login flow. */
public enum AuthenticatorKind {
    /** Identifies and verifies the user (password, magic link). */
    FIRST_FACTOR,
    /** Verifies an already identified user again (TOTP, OTP by email or SMS). */
    SECOND_FACTOR,
    /** Identifies and strongly verifies the user in one step (passkeys). */
    PASSWORDLESS,
    /** Delegates to an upstream identity provider (OIDC, SAML, social). */
    FEDERATED,
    /** Regains access when the usual factor is lost (backup codes). */
    RECOVERY
}
