package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void choosesUiLocalesFirstThenTheBrowserThenEnglish() {
        assertThat(Messages.choose(List.of("de-CH", "en"), List.of(Locale.ENGLISH))).isEqualTo(Locale.GERMAN);
        assertThat(Messages.choose(List.of("fr", "xx"), List.of(Locale.FRENCH, Locale.GERMANY))).isEqualTo(Locale.GERMAN);
        assertThat(Messages.choose(List.of(), List.of(Locale.forLanguageTag("en-US"), Locale.GERMAN))).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.choose(List.of("zz", "../../etc"), List.of())).isEqualTo(Locale.ENGLISH);
        assertThat(Messages.choose(List.of(), List.of())).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void formatsAndFallsBackToEnglishThenToTheKey() {
        Messages en = Messages.of(Locale.ENGLISH);
        assertThat(en.text("login.heading", "Acme")).isEqualTo("Sign in to Acme");
        assertThat(en.html("login.heading", "<b>")).isEqualTo("Sign in to &lt;b&gt;");
        assertThat(en.text("acme.prompt.question")).isEqualTo("acme.prompt.question");
        Messages de = Messages.of(Locale.GERMAN);
        assertThat(de.text("login.field.password")).isEqualTo("Passwort");
        assertThat(de.text("login.error.try_later")).contains("möglich");
        assertThat(Messages.of(Locale.JAPANESE).text("login.field.password")).isEqualTo("Password");
    }

    @Test
    void everyLanguageHasEveryKey() throws Exception {
        assertThat(keys("messages_de.properties")).isEqualTo(keys("messages.properties"));
    }

    private static java.util.Set<Object> keys(String file) throws Exception {
        java.util.Properties p = new java.util.Properties();
        try (var in = Messages.class.getResourceAsStream(file)) {
            p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return p.keySet();
    }
}
