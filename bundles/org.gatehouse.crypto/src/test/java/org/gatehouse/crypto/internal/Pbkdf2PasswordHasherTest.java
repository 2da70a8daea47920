package org.gatehouse.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.gatehouse.crypto.Secrets;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHasherTest {

    private final Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1000);

    @Test
    void hashesAreSaltedSelfDescribingAndVerify() {
        String a = hasher.hash("correct horse".toCharArray());
        String b = hasher.hash("correct horse".toCharArray());
        assertThat(a).startsWith("$pbkdf2-sha256$i=1000$").isNotEqualTo(b);
        assertThat(hasher.verify("correct horse".toCharArray(), a)).isTrue();
        assertThat(hasher.verify("correct horsf".toCharArray(), a)).isFalse();
        assertThat(hasher.verify("".toCharArray(), a)).isFalse();
    }

    @Test
    void theDefaultWorkFactorFollowsOwasp() {
        String h = new Pbkdf2PasswordHasher(600_000).hash("x".toCharArray());
        assertThat(h).startsWith("$pbkdf2-sha256$i=600000$");
    }

    @Test
    void aRaisedWorkFactorAsksForARehashButStillVerifiesOldHashes() {
        String old = hasher.hash("pw".toCharArray());
        Pbkdf2PasswordHasher stronger = new Pbkdf2PasswordHasher(2000);
        assertThat(stronger.needsRehash(old)).isTrue();
        assertThat(stronger.verify("pw".toCharArray(), old)).isTrue();
        assertThat(stronger.needsRehash(stronger.hash("pw".toCharArray()))).isFalse();
    }

    @Test
    void malformedHashesNeverVerify() {
        for (String bad : new String[] {null, "", "plain", "$pbkdf2-sha256$i=x$a$b", "$md5$i=1$a$b", "$pbkdf2-sha256$i=1000$!!$??"}) {
            assertThat(hasher.verify("pw".toCharArray(), bad)).as(String.valueOf(bad)).isFalse();
            assertThat(hasher.needsRehash(bad)).isTrue();
        }
    }

    @Test
    void secretsAreLongRandomAndMatchTheirDigest() {
        String s = Secrets.generate(32);
        assertThat(s).hasSize(43).isNotEqualTo(Secrets.generate(32));
        String d = Secrets.digest(s);
        assertThat(Secrets.matches(s, d)).isTrue();
        assertThat(Secrets.matches(s + "x", d)).isFalse();
    }
}
