package org.gatehouse.authenticator.emailotp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyLanguageHasEveryKeyTheAuthenticatorUses() throws Exception {
        Properties en = load("messages.properties");
        Properties de = load("messages_de.properties");
        assertThat(de.keySet()).isEqualTo(en.keySet());
        assertThat(en.stringPropertyNames()).containsAll(usedKeys());
        assertThat(en.stringPropertyNames()).allMatch(k -> k.startsWith(EmailOtpAuthenticator.ID + "."));
        assertThat(en.values()).allMatch(v -> !v.toString().isBlank());
        assertThat(de.getProperty(MessageKeys.ACTION_SUBMIT)).isEqualTo("Bestätigen");
    }

    @Test
    void rendersTheMailInTheUsersLanguageWhateverTheServerDefault() {
        Locale serverDefault = Locale.getDefault();
        Locale.setDefault(Locale.GERMAN);
        try {
            CodeMail.Rendered en = CodeMail.render(Locale.ENGLISH, "123456", 5, "Acme");
            assertThat(en.subject()).isEqualTo("Your sign-in code for Acme");
            assertThat(en.text()).contains("    123456\n").contains("expires in 5 minutes").doesNotContain("{").doesNotContain("'");
            assertThat(en.html()).contains(">123456</p>").contains("Acme").doesNotContain("{");
            assertThat(CodeMail.render(Locale.FRENCH, "123456", 5, "Acme").subject()).as("no French texts: English").isEqualTo(en.subject());

            CodeMail.Rendered de = CodeMail.render(Locale.GERMANY, "654321", 10, "Acme");
            assertThat(de.subject()).isEqualTo("Ihr Anmeldecode für Acme");
            assertThat(de.text()).contains("654321").contains("läuft in 10 Minuten ab");
            assertThat(de.toString()).doesNotContain("654321");
        } finally {
            Locale.setDefault(serverDefault);
        }
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
