package org.gatehouse.authenticator.onetimecode;

import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link CodeDelivery} renders into a message.
 *
 * @param code the code, ASCII digits
 * @param lifetimeMinutes how long it is valid, in whole minutes rounded up, as the message states it
 * @param locale the user's language
 * @param applicationName the name of the application the user signs in to; untrusted text (escape
 *        it for HTML, keep it out of header lines)
 */
public record CodeToSend(String code, long lifetimeMinutes, Locale locale, String applicationName) {

    public CodeToSend {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(applicationName, "applicationName");
    }

    @Override
    public String toString() {
        // never the code, wherever this ends up
        return "CodeToSend[lifetimeMinutes=" + lifetimeMinutes + ", locale=" + locale + "]";
    }
}
