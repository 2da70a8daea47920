package org.gatehouse.web.login.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts of the login pages in one language, from {@code messages*.properties} next to this
 * class (UTF-8). English is the default; a language is offered when its file exists.
 */
final class Messages {

    static final String BASE = "org.gatehouse.web.login.internal.messages";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Locale locale;
    private final ResourceBundle bundle;
    private final PluginMessages.Lookup plugins;

    private Messages(Locale locale, ResourceBundle bundle, PluginMessages.Lookup plugins) {
        this.locale = locale;
        this.bundle = bundle;
        this.plugins = plugins;
    }

    /** These texts, falling back to the authenticators' own for keys the pages do not know. */
    Messages with(PluginMessages.Lookup pluginTexts) {
        return new Messages(locale, bundle, pluginTexts);
    }

    static Messages of(Locale locale) {
        ClassLoader loader = Messages.class.getClassLoader();
        ResourceBundle bundle;
        try {
            bundle = ResourceBundle.getBundle(BASE, locale, loader, NO_FALLBACK);
        } catch (MissingResourceException e) {
            bundle = ResourceBundle.getBundle(BASE, Locale.ROOT, loader, NO_FALLBACK);
        }
        return new Messages(locale, bundle, key -> java.util.Optional.empty());
    }

    /**
     * Picks the page language: the application's {@code ui_locales} first, then the browser's
     * {@code Accept-Language} (already ordered by preference), then English.
     */
    static Locale choose(List<String> uiLocales, List<Locale> acceptLanguages) {
        List<Locale> candidates = new ArrayList<>();
        for (String tag : uiLocales) {
            Locale l = Locale.forLanguageTag(tag);
            if (!l.getLanguage().isEmpty()) {
                candidates.add(l);
            }
        }
        candidates.addAll(acceptLanguages);
        for (Locale candidate : candidates) {
            if (candidate.getLanguage().isEmpty()) {
                continue;
            }
            if (candidate.getLanguage().equals("en")) {
                return Locale.ENGLISH;
            }
            if (!candidate.getCountry().isEmpty() && available(candidate.getLanguage() + "_" + candidate.getCountry())) {
                return new Locale(candidate.getLanguage(), candidate.getCountry());
            }
            if (available(candidate.getLanguage())) {
                return new Locale(candidate.getLanguage());
            }
        }
        return Locale.ENGLISH;
    }

    private static boolean available(String suffix) {
        if (!suffix.matches("[a-z]{2,3}(_[A-Z]{2})?")) {
            return false;
        }
        return Messages.class.getClassLoader().getResource(BASE.replace('.', '/') + "_" + suffix + ".properties") != null;
    }

    Locale locale() {
        return locale;
    }

    /**
     * @return the text for the key with {@code {0}}, {@code {1}}, ... replaced by the arguments (not
     *     HTML-escaped); a key the pages do not know comes from the authenticator that uses it, or is shown as it is
     */
    String text(String key, Object... args) {
        String template;
        try {
            template = bundle.getString(key);
        } catch (MissingResourceException e) {
            template = plugins.text(key).orElse(key);
        }
        for (int i = 0; i < args.length; i++) {
            template = template.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return template;
    }

    /** @return the text, escaped for HTML */
    String html(String key, Object... args) {
        return Html.escape(text(key, args));
    }
}
