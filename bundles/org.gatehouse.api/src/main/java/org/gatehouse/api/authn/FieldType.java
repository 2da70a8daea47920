package org.gatehouse.api.authn;

/** The kinds of input a prompt can ask for. */
public enum FieldType {
    USERNAME,
    PASSWORD,
    /** A one-time code. */
    OTP,
    TEXT,
    EMAIL,
    PHONE,
    /** One of several values listed in the {@code choices} hint. */
    CHOICE,
    CHECKBOX,
    /** A QR code to scan; its content is in the prompt data under the field name. */
    QR_CODE,
    /** Create a WebAuthn credential; options in the prompt data. */
    WEBAUTHN_CREATE,
    /** Get a WebAuthn assertion; options in the prompt data. */
    WEBAUTHN_GET,
    /** A value carried through the page unchanged. */
    HIDDEN
}
