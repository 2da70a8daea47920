package org.gatehouse.authenticator.emailotp.internal;

/**
 * Every i18n key this authenticator uses; the texts are in {@code gatehouse/messages*.properties},
 * and a test keeps the languages and this list in step.
 */
final class MessageKeys {

    static final String PROMPT_CODE = "email-otp.prompt.code";
    static final String PROMPT_RESENT = "email-otp.prompt.resent";
    static final String PROMPT_WAIT = "email-otp.prompt.wait";
    static final String PROMPT_RESEND_LIMIT = "email-otp.prompt.resend_limit";
    static final String FIELD_CODE = "email-otp.field.code";
    static final String ACTION_SUBMIT = "email-otp.action.submit";
    static final String ACTION_RESEND = "email-otp.action.resend";

    static final String INVALID_CODE = "email-otp.error.invalid_code";
    static final String MISSING_CODE = "email-otp.error.missing_code";
    static final String EXPIRED = "email-otp.error.expired";
    static final String TOO_MANY_ATTEMPTS = "email-otp.error.too_many_attempts";
    static final String NO_ACTIVE_CODE = "email-otp.error.no_active_code";
    static final String DELIVERY_FAILED = "email-otp.error.delivery_failed";
    static final String NO_ADDRESS = "email-otp.error.no_address";
    static final String TRY_LATER = "email-otp.error.try_later";
    static final String NO_USER = "email-otp.error.no_user";

    /** The email itself; {0} the code, {1} its lifetime in minutes, {2} the application's name. */
    static final String MAIL_SUBJECT = "email-otp.mail.subject";
    static final String MAIL_TEXT = "email-otp.mail.text";
    static final String MAIL_HTML = "email-otp.mail.html";

    private MessageKeys() {}
}
