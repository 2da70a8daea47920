package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesUtf8Credentials() {
        BasicCredentials c = BasicCredentials.parse(basic("jürgen:pä:ss wörd")).orElseThrow();
        assertThat(c.username()).isEqualTo("jürgen");
        assertThat(new String(c.password())).isEqualTo("pä:ss wörd");
        c.wipe();
        assertThat(c.password()).containsOnly('\0');
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertThat(BasicCredentials.parse(basic("a:b").replace("Basic", "bAsIc"))).isPresent();
    }

    @Test
    void emptyPasswordIsAllowedEmptyUsernameIsNot() {
        assertThat(BasicCredentials.parse(basic("alice:"))).isPresent();
        assertThat(BasicCredentials.parse(basic(":secret"))).isEmpty();
    }

    @Test
    void rejectsMalformedHeaders() {
        assertThat(BasicCredentials.parse(null)).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse("Basic")).isEmpty();
        assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
        assertThat(BasicCredentials.parse(basic("no-colon"))).isEmpty();
        assertThat(BasicCredentials.parse(basic("a\u0001b:c"))).isEmpty();
        assertThat(BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}))).isEmpty();
        assertThat(BasicCredentials.parse("Basic " + "A".repeat(9000))).isEmpty();
    }
}
