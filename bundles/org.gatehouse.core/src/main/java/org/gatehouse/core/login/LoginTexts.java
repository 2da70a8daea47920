package org.gatehouse.core.login;

import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The texts of the login experience: the pages' own and those authenticator plugins bring, so the
 * app-native API can send the same words the login pages show. Implemented by the login pages.
 */
@ProviderType
public interface LoginTexts {

    /** @return the text for the key with {@code {0}}, {@code {1}}, ... replaced; the key itself when nothing has it */
    String text(Locale locale, String key, Object... args);

    /** Picks the language: the requested {@code ui_locales} first, then the caller's preferences, then English. */
    Locale choose(List<String> uiLocales, List<Locale> acceptLanguages);
}
