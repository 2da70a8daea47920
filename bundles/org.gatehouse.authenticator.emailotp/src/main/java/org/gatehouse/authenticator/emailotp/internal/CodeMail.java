package org.gatehouse.authenticator.emailotp.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The email that carries a code, in the user's language, from this bundle's
 * {@code gatehouse/messages*.properties}. Falls back to the base (English) texts, never to the
 * server's default locale, which has nothing to do with the user.
 */
final class CodeMail {

    static final String BUNDLE = "gatehouse.messages";

    private CodeMail() {}

    /**
     * @param subject the subject line
     * @param text the plain-text body
     * @param html the HTML alternative
     */
    record Rendered(String subject, String text, String html) {
        @Override
        public String toString() {
            // the bodies hold the code
            return "Rendered[subject=" + subject + "]";
        }
    }

    static Rendered render(Locale locale, String code, long minutes, String applicationName) {
        ResourceBundle texts = ResourceBundle.getBundle(BUNDLE, locale, CodeMail.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Object[] plain = {code, minutes, applicationName};
        Object[] escaped = {code, minutes, Html.escape(applicationName)};
        return new Rendered(
                // a subject is a single line, whatever an application is called
                format(texts, MessageKeys.MAIL_SUBJECT, locale, plain).replaceAll("\\p{Cntrl}", " "),
                format(texts, MessageKeys.MAIL_TEXT, locale, plain),
                format(texts, MessageKeys.MAIL_HTML, locale, escaped));
    }

    private static String format(ResourceBundle texts, String key, Locale locale, Object[] arguments) {
        return new MessageFormat(texts.getString(key), locale).format(arguments);
    }

    /** Escapes text for HTML element content and attribute values. */
    static final class Html {
        private Html() {}

        static String escape(String text) {
            StringBuilder out = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '&' -> out.append("&amp;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
