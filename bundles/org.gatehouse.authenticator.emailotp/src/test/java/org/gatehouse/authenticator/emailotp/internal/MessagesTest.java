package org.gatehouse.authenticator.emailotp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.gatehouse.authenticator.onetimecode.OneTimeCodeAuthenticator;
import org.gatehouse.sdk.testsupport.MessageFiles;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyLanguageHasEveryKeyTheAuthenticatorUses() {
        Set<String> used = new HashSet<>(MessageFiles.constantsOf(MessageKeys.class));
        used.addAll(OneTimeCodeAuthenticator.messageKeys(EmailOtpAuthenticator.ID));
        MessageFiles.check(EmailOtpAuthenticator.class, EmailOtpAuthenticator.ID + ".", used, "de");
        assertThat(MessageFiles.load(EmailOtpAuthenticator.class, "messages_de.properties").getProperty("email-otp.action.submit"))
                .isEqualTo("Bestätigen");
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
}
