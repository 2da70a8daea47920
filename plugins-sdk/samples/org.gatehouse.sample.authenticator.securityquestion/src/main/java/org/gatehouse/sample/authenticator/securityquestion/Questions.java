package org.gatehouse.sample.authenticator.securityquestion;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The questions users may choose from, by id. A question is offered to the user as its message key
 * ({@code security-question.question.<id>}): the login pages show the choices of a {@code CHOICE}
 * field through the texts, so the key becomes the question in the user's language, and app-native
 * clients get the keys to translate (plus the texts in the prompt's data).
 */
final class Questions {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final List<String> ids;

    /** @param configured ids as configured; a .cfg file gives one comma-separated string */
    Questions(String[] configured) {
        Set<String> ids = new LinkedHashSet<>();
        for (String entry : configured == null ? new String[0] : configured) {
            for (String id : entry.split(",")) {
                String trimmed = id.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!ID.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("A question id is lower-case letters, digits and '-': " + trimmed);
                }
                ids.add(trimmed);
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("Configure at least one question");
        }
        this.ids = List.copyOf(ids);
    }

    List<String> ids() {
        return ids;
    }

    /** The value of the {@code choices} hint: the questions' message keys, comma-separated. */
    String choices() {
        return String.join(",", ids.stream().map(MessageKeys::question).toList());
    }

    /** The question the user chose: accepts the message key (what the choice sends) or the bare id. */
    Optional<String> chosen(String value) {
        String v = value == null ? "" : value.strip();
        String id = v.startsWith(MessageKeys.QUESTION_PREFIX) ? v.substring(MessageKeys.QUESTION_PREFIX.length()) : v;
        return ids.contains(id) ? Optional.of(id) : Optional.empty();
    }

    /** The choices with their texts in the user's language, for app-native clients that show them as they are. */
    List<Map<String, String>> described(Locale locale) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String id : ids) {
            out.add(Map.of("value", MessageKeys.question(id), "text", text(locale, MessageKeys.question(id))));
        }
        return out;
    }

    /** A text from this bundle's messages, in the locale or else the default file; the key when neither has it. */
    static String text(Locale locale, String key) {
        for (Locale candidate : new Locale[] {locale, Locale.ROOT}) {
            try {
                ResourceBundle bundle = ResourceBundle.getBundle("gatehouse.messages", candidate, Questions.class.getClassLoader(), NO_FALLBACK);
                if (bundle.containsKey(key)) {
                    return bundle.getString(key);
                }
            } catch (MissingResourceException e) {
                // no file for this language: try the default one
            }
        }
        return key;
    }
}
