package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Base32Test {

    /** RFC 4648 section 10, without the padding. */
    @ParameterizedTest
    @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void encodesTheTestVectorsOfRfc4648(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo(plain));
    }

    @Test
    void decodesLowerCaseAndPaddingAndRefusesOtherCharacters() {
        assertThat(Base32.decode("mzxw6ytboi======")).hasValueSatisfying(b -> assertThat(b).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Base32.decode("MZXW1")).isEmpty();
        assertThat(Base32.decode("MZ XW")).isEmpty();
        assertThat(Base32.encode(new byte[0])).isEmpty();
    }

    @Test
    void roundTripsSecrets() {
        Random random = new Random(4648);
        for (int length = 1; length <= 64; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            assertThat(Base32.decode(Base32.encode(bytes))).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        }
    }
}
