package org.gatehouse.authenticator.smsotp.internal;

/**
 * Every i18n key this authenticator uses; the texts are in {@code gatehouse/messages*.properties},
 * and a test keeps the languages and this list in step.
 */
final class MessageKeys {

    static final String PROMPT_CODE = "sms-otp.prompt.code";
    static final String PROMPT_RESENT = "sms-otp.prompt.resent";
    static final String PROMPT_WAIT = "sms-otp.prompt.wait";
    static final String PROMPT_RESEND_LIMIT = "sms-otp.prompt.resend_limit";
    static final String FIELD_CODE = "sms-otp.field.code";
    static final String ACTION_SUBMIT = "sms-otp.action.submit";
    static final String ACTION_RESEND = "sms-otp.action.resend";

    static final String INVALID_CODE = "sms-otp.error.invalid_code";
    static final String MISSING_CODE = "sms-otp.error.missing_code";
    static final String EXPIRED = "sms-otp.error.expired";
    static final String TOO_MANY_ATTEMPTS = "sms-otp.error.too_many_attempts";
    static final String NO_ACTIVE_CODE = "sms-otp.error.no_active_code";
    static final String DELIVERY_FAILED = "sms-otp.error.delivery_failed";
    static final String NO_PHONE = "sms-otp.error.no_phone";
    static final String TRY_LATER = "sms-otp.error.try_later";
    static final String NO_USER = "sms-otp.error.no_user";

    /** The SMS itself; {0} the code, {1} its lifetime in minutes, {2} the application's name. */
    static final String SMS_TEXT = "sms-otp.sms.text";

    private MessageKeys() {}
}
