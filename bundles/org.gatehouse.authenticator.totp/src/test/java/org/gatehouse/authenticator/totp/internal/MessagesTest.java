package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.gatehouse.sdk.testsupport.MessageFiles;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyLanguageHasEveryKeyTheAuthenticatorUses() {
        MessageFiles.check(TotpAuthenticator.class, TotpAuthenticator.ID + ".", MessageFiles.constantsOf(MessageKeys.class), "de");
        assertThat(MessageFiles.load(TotpAuthenticator.class, "messages_de.properties").getProperty(MessageKeys.ACTION_CONFIRM)).isEqualTo("Bestätigen");
    }
}
