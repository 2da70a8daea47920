package org.gatehouse.authenticator.backupcodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyLanguageHasEveryKeyTheAuthenticatorUses() throws Exception {
        Properties en = load("messages.properties");
        Properties de = load("messages_de.properties");
        assertThat(de.keySet()).isEqualTo(en.keySet());
        Set<String> used = usedKeys();
        assertThat(en.stringPropertyNames()).containsAll(used);
        assertThat(en.stringPropertyNames()).allMatch(k -> k.startsWith(BackupCodesAuthenticator.ID + "."));
        assertThat(en.values()).allMatch(v -> !v.toString().isBlank());
        assertThat(de.getProperty(MessageKeys.ACTION_VERIFY)).isEqualTo("Bestätigen");
    }

    private static Set<String> usedKeys() throws IllegalAccessException {
        Set<String> keys = new HashSet<>();
        for (Field f : MessageKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add((String) f.get(null));
            }
        }
        return keys;
    }

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (var in = MessagesTest.class.getClassLoader().getResourceAsStream("gatehouse/" + name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
