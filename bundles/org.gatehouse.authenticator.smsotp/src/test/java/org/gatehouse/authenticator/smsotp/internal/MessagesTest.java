package org.gatehouse.authenticator.smsotp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
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
        assertThat(en.stringPropertyNames()).allMatch(k -> k.startsWith(SmsOtpAuthenticator.ID + "."));
        assertThat(en.values()).allMatch(v -> !v.toString().isBlank());
        assertThat(de.getProperty(MessageKeys.ACTION_SUBMIT)).isEqualTo("Bestätigen");
    }

    @Test
    void rendersTheSmsInTheUsersLanguageWhateverTheServerDefault() {
        Locale serverDefault = Locale.getDefault();
        Locale.setDefault(Locale.GERMAN);
        try {
            String en = CodeSms.render(Locale.ENGLISH, "123456", 5, "Acme", Optional.empty());
            assertThat(en).isEqualTo("123456 is your sign-in code for Acme. It expires in 5 minutes. Never share it with anyone.");
            assertThat(en.length()).as("one SMS").isLessThanOrEqualTo(160);
            assertThat(CodeSms.render(Locale.FRENCH, "123456", 5, "Acme", Optional.empty())).as("no French text: English").isEqualTo(en);
            assertThat(CodeSms.render(Locale.GERMANY, "654321", 10, "Acme", Optional.of("login.example.com")))
                    .isEqualTo("654321 ist Ihr Anmeldecode für Acme. Er läuft in 10 Minuten ab. Geben Sie ihn niemals weiter.\n\n"
                            + "@login.example.com #654321");
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
