package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] SEED_SHA1 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA256 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED_SHA512 =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 Appendix B, every row of the table. */
    @ParameterizedTest
    @CsvSource({
        "59,          94287082, 46119246, 90693936",
        "1111111109,  07081804, 68084774, 25091201",
        "1111111111,  14050471, 67062674, 99943326",
        "1234567890,  89005924, 91819424, 93441116",
        "2000000000,  69279037, 90698825, 38618901",
        "20000000000, 65353130, 77737706, 47863826",
    })
    void matchesTheTestVectorsOfRfc6238(long epochSeconds, String sha1, String sha256, String sha512) {
        Instant time = Instant.ofEpochSecond(epochSeconds);
        assertThat(code(HashAlgorithm.SHA1, 8, SEED_SHA1, time)).isEqualTo(sha1);
        assertThat(code(HashAlgorithm.SHA256, 8, SEED_SHA256, time)).isEqualTo(sha256);
        assertThat(code(HashAlgorithm.SHA512, 8, SEED_SHA512, time)).isEqualTo(sha512);
        // six digits are the same truncation, modulo 10^6
        assertThat(code(HashAlgorithm.SHA1, 6, SEED_SHA1, time)).isEqualTo(sha1.substring(2));
    }

    @Test
    void findsTheEarliestUnspentStepOfTheWindow() {
        Totp totp = new Totp(HashAlgorithm.SHA1, 6, 30);
        long step = totp.step(Instant.ofEpochSecond(1_700_000_000L));
        String code = totp.code(SEED_SHA1, step);
        assertThat(totp.matchingStep(SEED_SHA1, code, step - 1, step + 1, -1)).hasValue(step);
        assertThat(totp.matchingStep(SEED_SHA1, code, step + 1, step + 3, -1)).isEmpty();
        assertThat(totp.matchingStep(SEED_SHA1, code, step - 1, step + 1, step)).isEmpty();
        assertThat(totp.matchingStep(SEED_SHA1, "000000".equals(code) ? "000001" : "000000", step - 1, step + 1, -1)).isEmpty();
    }

    @Test
    void refusesParametersNoAppSupports() {
        assertThatThrownBy(() -> new Totp(HashAlgorithm.SHA1, 7, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Totp(HashAlgorithm.SHA1, 6, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String code(HashAlgorithm algorithm, int digits, byte[] seed, Instant time) {
        Totp totp = new Totp(algorithm, digits, 30);
        return totp.code(seed, totp.step(time));
    }
}
