package org.gatehouse.authenticator.backupcodes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HashedCodeTest {

    private final SecureRandom random = new SecureRandom();

    private final byte[] key = new byte[32];

    {
        random.nextBytes(key);
    }

    @Test
    void isHmacSha256OfSaltAndCodeUnderTheSetsKey() throws Exception {
        HashedCode hashed = HashedCode.of("abcde23456", key, random);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        mac.update(hashed.salt());
        assertThat(hashed.hash()).isEqualTo(mac.doFinal("abcde23456".getBytes(StandardCharsets.UTF_8)));
        assertThat(hashed.salt()).hasSize(16);
    }

    @Test
    void matchesOnlyItsCodeUnderItsKeyAndSurvivesStorage() {
        HashedCode hashed = HashedCode.of("abcde23456", key, random);
        HashedCode stored = HashedCode.parse(hashed.encoded()).orElseThrow();
        assertThat(stored.matches("abcde23456", Optional.of(key))).isTrue();
        assertThat(stored.matches("abcde23457", Optional.of(key))).isFalse();
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        assertThat(stored.matches("abcde23456", Optional.of(otherKey))).as("without the key a dump tests nothing").isFalse();
        assertThat(stored.matches("abcde23456", Optional.empty())).isFalse();
        assertThat(hashed.encoded()).doesNotContain("abcde23456").matches("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void setsFromBeforeKeysAreStillRead() throws Exception {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(salt);
        byte[] hash = sha256.digest("abcde23456".getBytes(StandardCharsets.UTF_8));
        String encoded = new HashedCode(salt, hash).encoded();
        CodeSet old = CodeSet.read(Map.of("scheme", "sha256-salted", "remaining", "1", "code.0", encoded), Optional.empty()).orElseThrow();
        assertThat(old.find("abcde23456")).hasValue(0);
        assertThat(old.without(0).data()).containsEntry("scheme", "sha256-salted");
    }

    @Test
    void saltsEveryCodeOnItsOwn() {
        assertThat(HashedCode.of("abcde23456", key, random).encoded()).isNotEqualTo(HashedCode.of("abcde23456", key, random).encoded());
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
        assertThat(data).containsEntry("scheme", "hmac-sha256-salted").containsEntry("remaining", "2").containsKeys("code.0", "code.1");
        assertThat(CodeSet.read(data, Optional.empty())).as("a keyed set without its key").isEmpty();
        assertThat(CodeSet.read(data, Optional.of("too-short"))).isEmpty();
        CodeSet read = CodeSet.read(data, set.secret()).orElseThrow();
        assertThat(read.find("fghjk78923")).hasValue(1);
        assertThat(read.without(1).find("fghjk78923")).isEmpty();
        assertThat(read.without(1).data()).containsEntry("remaining", "1").doesNotContainKey("code.1");
        assertThat(CodeSet.read(Map.of("remaining", "1"), set.secret())).as("no scheme").isEmpty();
        assertThat(CodeSet.read(Map.of("scheme", "hmac-sha256-salted", "code.x", data.get("code.0")), set.secret())).isEmpty();
        assertThat(CodeSet.read(Map.of("scheme", "hmac-sha256-salted", "code.0", "broken"), set.secret())).isEmpty();
    }
}
