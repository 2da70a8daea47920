package org.gatehouse.sdk.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin's texts, {@code gatehouse/messages.properties} (English, the fallback) and one file per
 * further language ({@code messages_de.properties}, ...), as the runtime reads them: UTF-8, from
 * the plugin's class path. {@link #check} is the test every plugin with texts wants: every
 * language has the same keys, every key the code uses is there, every key carries the plugin's
 * prefix and no text is blank.
 */
public final class MessageFiles {

    private MessageFiles() {}

    /**
     * @param anchor a class of the plugin, whose class loader finds its {@code gatehouse/} resources
     * @param prefix what every key must start with, normally the authenticator id and a dot
     * @param usedKeys the keys the plugin's code uses
     * @param languages the languages besides English, e.g. {@code "de"}
     * @throws AssertionError listing every problem found
     */
    public static void check(Class<?> anchor, String prefix, Set<String> usedKeys, String... languages) {
        Properties english = load(anchor, "messages.properties");
        Set<String> problems = new TreeSet<>();
        for (String key : english.stringPropertyNames()) {
            if (!key.startsWith(prefix)) {
                problems.add("key without the prefix " + prefix + ": " + key);
            }
            if (english.getProperty(key).isBlank()) {
                problems.add("blank English text: " + key);
            }
        }
        for (String key : usedKeys) {
            if (!english.containsKey(key)) {
                problems.add("used but not in messages.properties: " + key);
            }
        }
        for (String language : languages) {
            String name = "messages_" + language + ".properties";
            Properties translated = load(anchor, name);
            Set<String> missing = new TreeSet<>(english.stringPropertyNames());
            missing.removeAll(translated.stringPropertyNames());
            Set<String> extra = new TreeSet<>(translated.stringPropertyNames());
            extra.removeAll(english.stringPropertyNames());
            missing.forEach(key -> problems.add("missing in " + name + ": " + key));
            extra.forEach(key -> problems.add("only in " + name + ": " + key));
            translated.stringPropertyNames().stream().filter(key -> translated.getProperty(key).isBlank())
                    .forEach(key -> problems.add("blank text in " + name + ": " + key));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The message files do not match:\n  " + String.join("\n  ", problems));
        }
    }

    /** @return the values of every {@code static String} field of {@code keys}, the usual home of a plugin's message keys */
    public static Set<String> constantsOf(Class<?> keys) {
        Set<String> values = new HashSet<>();
        for (Field f : keys.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    f.setAccessible(true);
                    values.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError("cannot read " + f, e);
                }
            }
        }
        return values;
    }

    /** @return {@code gatehouse/<name>} from the anchor's class path, read as UTF-8 */
    public static Properties load(Class<?> anchor, String name) {
        Properties p = new Properties();
        try (InputStream in = anchor.getClassLoader().getResourceAsStream("gatehouse/" + name)) {
            if (in == null) {
                throw new AssertionError("gatehouse/" + name + " is not on the class path of " + anchor.getName());
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot read gatehouse/" + name, e);
        }
        return p;
    }
}
