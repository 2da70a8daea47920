package org.gatehouse.authenticator.smsotp.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The SMS that carries a code, in the user's language, from this bundle's
 * {@code gatehouse/messages*.properties}. Falls back to the base (English) text, never to the
 * server's default locale.
 */
final class CodeSms {

    static final String BUNDLE = "gatehouse.messages";

    private CodeSms() {}

    static String render(Locale locale, String code, long minutes, String applicationName, Optional<String> originBoundDomain) {
        ResourceBundle texts = ResourceBundle.getBundle(BUNDLE, locale, CodeSms.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String text = new MessageFormat(texts.getString(MessageKeys.SMS_TEXT), locale).format(new Object[] {code, minutes, applicationName});
        // the origin-bound format wants this exact last line: "@domain #code"
        return originBoundDomain.map(domain -> text + "\n\n@" + domain + " #" + code).orElse(text);
    }
}
