package org.gatehouse.authenticator.onetimecode.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.gatehouse.sdk.testsupport.TestContext;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {

    private final OneTimeCodes codes = new OneTimeCodes(new SecureRandom());

    @Test
    void makesUniformlyRandomDigitCodes() {
        int[] counts = new int[10];
        for (int i = 0; i < 2000; i++) {
            String code = codes.generate(10);
            assertThat(code).matches("[0-9]{10}");
            code.chars().forEach(c -> counts[c - '0']++);
        }
        // 20000 digits, 2000 expected each: a broken generator (say, never a 9) fails; chance alone does not
        for (int count : counts) {
            assertThat(count).isBetween(1700, 2300);
        }
    }

    @Test
    void hashesAreSaltedAndBoundToTheUser() {
        String salt = codes.newSalt();
        String hash = codes.hash(salt, "PRIMARY/alice", "12345678");
        assertThat(hash).doesNotContain("12345678");
        assertThat(codes.matches(salt, "PRIMARY/alice", "12345678", hash)).isTrue();
        assertThat(codes.matches(salt, "PRIMARY/alice", "12345679", hash)).isFalse();
        assertThat(codes.matches(salt, "PRIMARY/bob", "12345678", hash)).as("bound to the user").isFalse();
        assertThat(codes.matches(salt, "PRIMARY/alice1", "2345678", hash)).as("user and code are separated").isFalse();
        String otherSalt = codes.newSalt();
        assertThat(otherSalt).isNotEqualTo(salt);
        assertThat(codes.matches(otherSalt, "PRIMARY/alice", "12345678", hash)).isFalse();
        assertThat(codes.hash(otherSalt, "PRIMARY/alice", "12345678")).as("equal codes never hash alike").isNotEqualTo(hash);
    }

    @Test
    void parsesTypedCodesStrictly() {
        assertThat(CodeInput.parse("123456", 6)).contains("123456");
        assertThat(CodeInput.parse(" 123 456 ", 6)).contains("123456");
        assertThat(CodeInput.parse("123-456", 6)).contains("123456");
        assertThat(CodeInput.parse("123\t456", 6)).contains("123456");
        assertThat(CodeInput.parse("12345", 6)).isEmpty();
        assertThat(CodeInput.parse("1234567", 6)).isEmpty();
        assertThat(CodeInput.parse("12345a", 6)).isEmpty();
        assertThat(CodeInput.parse("١٢٣٤٥٦", 6)).as("Arabic-Indic digits").isEmpty();
        assertThat(CodeInput.parse("123456" + " ".repeat(CodeInput.MAX_RAW_LENGTH), 6)).as("too long before parsing").isEmpty();
        assertThat(CodeInput.parse(null, 6)).isEmpty();
    }

    @Test
    void aGarbledStateCountsAsExhaustedNotAsFresh() {
        TestContext login = new TestContext();
        OtpState state = new OtpState(login.state());
        assertThat(state.sends()).isZero();
        assertThat(state.hasCode()).isFalse();

        login.values().put("sent.count", "many");
        login.values().put("code.attempts", "x");
        login.values().put("code.expires", "soon");
        assertThat(state.sends()).isEqualTo(Integer.MAX_VALUE);
        assertThat(state.attempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(state.expires()).isEqualTo(Instant.EPOCH);
    }
}
