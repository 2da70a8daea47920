package org.gatehouse.authenticator.smsotp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.authenticator.onetimecode.OneTimeCodeAuthenticator;
import org.gatehouse.sdk.testsupport.MessageFiles;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyLanguageHasEveryKeyTheAuthenticatorUses() {
        Set<String> used = new HashSet<>(MessageFiles.constantsOf(MessageKeys.class));
        used.addAll(OneTimeCodeAuthenticator.messageKeys(SmsOtpAuthenticator.ID));
        MessageFiles.check(SmsOtpAuthenticator.class, SmsOtpAuthenticator.ID + ".", used, "de");
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
}
