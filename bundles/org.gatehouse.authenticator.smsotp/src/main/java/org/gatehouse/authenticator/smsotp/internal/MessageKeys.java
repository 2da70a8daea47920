package org.gatehouse.authenticator.smsotp.internal;

/**
 * The i18n keys of this bundle's own texts; the texts are in {@code gatehouse/messages*.properties},
 * which also hold the one-time-code step's keys ({@code OneTimeCodeAuthenticator.messageKeys("sms-otp")}).
 * A test keeps the languages and both lists in step.
 */
final class MessageKeys {

    static final String NO_PHONE = "sms-otp.error.no_phone";

    /** The SMS itself; {0} the code, {1} its lifetime in minutes, {2} the application's name. */
    static final String SMS_TEXT = "sms-otp.sms.text";

    private MessageKeys() {}
}
