package org.gatehouse.authenticator.totp.internal;

/**
 * Every i18n key this authenticator puts into prompts and failures; the texts are in
 * {@code gatehouse/messages*.properties}, and a test keeps the two in step.
 */
final class MessageKeys {

    static final String PROMPT_CODE = "totp.prompt.code";
    static final String FIELD_CODE = "totp.field.code";
    static final String ACTION_VERIFY = "totp.action.verify";

    static final String ENROL_PROMPT = "totp.enrol.prompt";
    static final String FIELD_QR_CODE = "totp.field.qr_code";
    static final String ACTION_CONFIRM = "totp.action.confirm";
    static final String ACTION_CANCEL = "totp.action.cancel";
    static final String ENROL_CANCELLED = "totp.enrol.cancelled";

    static final String INVALID_CODE = "totp.error.invalid_code";
    static final String MISSING_CODE = "totp.error.missing_code";
    static final String TRY_LATER = "totp.error.try_later";
    static final String NO_USER = "totp.error.no_user";

    private MessageKeys() {}
}
