package org.gatehouse.authenticator.emailotp.internal;

/**
 * The i18n keys of this bundle's own texts; the texts are in {@code gatehouse/messages*.properties},
 * which also hold the one-time-code step's keys ({@code OneTimeCodeAuthenticator.messageKeys("email-otp")}).
 * A test keeps the languages and both lists in step.
 */
final class MessageKeys {

    static final String NO_ADDRESS = "email-otp.error.no_address";

    /** The email itself; {0} the code, {1} its lifetime in minutes, {2} the application's name. */
    static final String MAIL_SUBJECT = "email-otp.mail.subject";
    static final String MAIL_TEXT = "email-otp.mail.text";
    static final String MAIL_HTML = "email-otp.mail.html";

    private MessageKeys() {}
}
