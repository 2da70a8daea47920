package org.gatehouse.authenticator.backupcodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.gatehouse.sdk.testsupport.MessageFiles;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void everyLanguageHasEveryKeyTheAuthenticatorUses() {
        MessageFiles.check(BackupCodesAuthenticator.class, BackupCodesAuthenticator.ID + ".", MessageFiles.constantsOf(MessageKeys.class), "de");
        assertThat(MessageFiles.load(BackupCodesAuthenticator.class, "messages_de.properties").getProperty(MessageKeys.ACTION_VERIFY)).isEqualTo("Bestätigen");
    }
}
