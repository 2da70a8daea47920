package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataTest {

    @Test
    void parsesFormEncoding() throws Exception {
        assertThat(FormData.parse("username=al%C3%AFce&password=a+b%26c&empty=&flag")).isEqualTo(
                Map.of("username", "alïce", "password", "a b&c", "empty", "", "flag", ""));
        assertThat(FormData.parse(null)).isEmpty();
        assertThat(FormData.parse("&&")).isEmpty();
    }

    @Test
    void refusesMalformedAndAmbiguousInput() {
        assertThatThrownBy(() -> FormData.parse("a=%zz")).isInstanceOf(FormData.Malformed.class);
        assertThatThrownBy(() -> FormData.parse("a=%")).isInstanceOf(FormData.Malformed.class);
        assertThatThrownBy(() -> FormData.parse("a=1&a=2")).isInstanceOf(FormData.Malformed.class);
        assertThatThrownBy(() -> FormData.parse("x=1&".repeat(1).concat("a=1&".repeat(0)) + manyFields())).isInstanceOf(FormData.Malformed.class);
    }

    private static String manyFields() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("f").append(i).append("=1&");
        }
        return sb.toString();
    }

    @Test
    void readsAtMost64KiB() throws Exception {
        assertThat(FormData.readBody(new ByteArrayInputStream(new byte[FormData.MAX_BODY]))).hasSize(FormData.MAX_BODY);
        assertThatThrownBy(() -> FormData.readBody(new ByteArrayInputStream(new byte[FormData.MAX_BODY + 1]))).isInstanceOf(FormData.TooLarge.class);
    }
}
