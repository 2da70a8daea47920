package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeInputTest {

    @Test
    void acceptsSixOrEightAsciiDigitsWithSpaces() {
        assertThat(CodeInput.parse("123456")).hasValue("123456");
        assertThat(CodeInput.parse(" 123 456 ")).hasValue("123456");
        assertThat(CodeInput.parse("1234 5678")).hasValue("12345678");
    }

    @Test
    void refusesAnythingElse() {
        assertThat(CodeInput.parse(null)).isEmpty();
        assertThat(CodeInput.parse("")).isEmpty();
        assertThat(CodeInput.parse("12345")).isEmpty();
        assertThat(CodeInput.parse("1234567")).isEmpty();
        assertThat(CodeInput.parse("123456789")).isEmpty();
        assertThat(CodeInput.parse("12345a")).isEmpty();
        assertThat(CodeInput.parse("123-456")).isEmpty();
        assertThat(CodeInput.parse("١٢٣٤٥٦")).as("Arabic-Indic digits").isEmpty();
        assertThat(CodeInput.parse("1".repeat(10_000))).isEmpty();
        assertThat(CodeInput.parse(" ".repeat(15) + "123456")).as("over the raw length limit").isEmpty();
    }
}
