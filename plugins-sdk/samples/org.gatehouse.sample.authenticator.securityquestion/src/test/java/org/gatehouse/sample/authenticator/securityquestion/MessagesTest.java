package org.gatehouse.sample.authenticator.securityquestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
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
    void everyLanguageHasEveryKeyAndEveryKeyIsPrefixedWithTheAuthenticatorId() throws Exception {
        Properties en = load("messages.properties");
        Properties de = load("messages_de.properties");
        assertEquals(en.keySet(), de.keySet());
        for (String key : en.stringPropertyNames()) {
            assertTrue(key.startsWith(SecurityQuestionAuthenticator.ID + "."), key);
            assertTrue(!en.getProperty(key).isBlank() && !de.getProperty(key).isBlank(), key);
        }
        Set<String> used = new HashSet<>();
        for (Field f : MessageKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("QUESTION_PREFIX")) {
                used.add((String) f.get(null));
            }
        }
        for (String id : SecurityQuestionAuthenticatorTest.config(java.util.Map.of()).questions()) {
            used.add(MessageKeys.question(id));
        }
        assertTrue(en.stringPropertyNames().containsAll(used), "missing: " + used.stream().filter(k -> !en.containsKey(k)).toList());
        assertEquals("Wie hieß Ihr erstes Haustier?", de.getProperty("security-question.question.first-pet"));
    }

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream("gatehouse/" + name)) {
            assertNotNull(in, name);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
