package org.gatehouse.authenticator.backupcodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashedCodeTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void isSha256OfSaltAndCode() throws Exception {
        HashedCode hashed = HashedCode.of("abcde23456", random);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(hashed.salt());
        assertThat(hashed.hash()).isEqualTo(sha256.digest("abcde23456".getBytes(StandardCharsets.UTF_8)));
        assertThat(hashed.salt()).hasSize(16);
    }

    @Test
    void matchesOnlyItsCodeAndSurvivesStorage() {
        HashedCode hashed = HashedCode.of("abcde23456", random);
        HashedCode stored = HashedCode.parse(hashed.encoded()).orElseThrow();
        assertThat(stored.matches("abcde23456")).isTrue();
        assertThat(stored.matches("abcde23457")).isFalse();
        assertThat(hashed.encoded()).doesNotContain("abcde23456").matches("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void saltsEveryCodeOnItsOwn() {
        assertThat(HashedCode.of("abcde23456", random).encoded()).isNotEqualTo(HashedCode.of("abcde23456", random).encoded());
    }

    @Test
    void refusesMalformedStoredForms() {
        assertThat(HashedCode.parse("")).isEmpty();
        assertThat(HashedCode.parse("nodot")).isEmpty();
        assertThat(HashedCode.parse("AAAA.AAAA")).isEmpty();
        assertThat(HashedCode.parse("!!!!.????")).isEmpty();
    }

    @Test
    void aSetReadsBackWhatItWroteAndRefusesForeignData() {
        CodeSet set = CodeSet.hash(List.of("abcde23456", "fghjk78923"), random);
        Map<String, String> data = set.data();
        assertThat(data).containsEntry("scheme", "sha256-salted").containsEntry("remaining", "2").containsKeys("code.0", "code.1");
        CodeSet read = CodeSet.read(data).orElseThrow();
        assertThat(read.find("fghjk78923")).hasValue(1);
        assertThat(read.without(1).find("fghjk78923")).isEmpty();
        assertThat(read.without(1).data()).containsEntry("remaining", "1").doesNotContainKey("code.1");
        assertThat(CodeSet.read(Map.of("remaining", "1"))).as("no scheme").isEmpty();
        assertThat(CodeSet.read(Map.of("scheme", "sha256-salted", "code.x", data.get("code.0")))).isEmpty();
        assertThat(CodeSet.read(Map.of("scheme", "sha256-salted", "code.0", "broken"))).isEmpty();
    }
}
