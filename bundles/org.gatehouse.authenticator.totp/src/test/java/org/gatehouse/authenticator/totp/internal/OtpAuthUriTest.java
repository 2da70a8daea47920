package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OtpAuthUriTest {

    @Test
    void followsTheKeyUriFormat() {
        String uri = OtpAuthUri.of("Acme Corp", "alice@example.com", "JBSWY3DPEHPK3PXP", new Totp(HashAlgorithm.SHA256, 8, 30));
        assertThat(uri).isEqualTo("otpauth://totp/Acme%20Corp:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
                + "&issuer=Acme%20Corp&algorithm=SHA256&digits=8&period=30");
        URI parsed = URI.create(uri);
        assertThat(parsed.getScheme()).isEqualTo("otpauth");
        assertThat(parsed.getHost()).isEqualTo("totp");
        assertThat(parsed.getPath()).isEqualTo("/Acme Corp:alice@example.com");
    }

    @Test
    void encodesAColonInTheAccountNameSoTheLabelStaysUnambiguous() {
        String uri = OtpAuthUri.of("Gatehouse", "odd:name & more", "JBSWY3DP", new Totp(HashAlgorithm.SHA1, 6, 30));
        assertThat(uri).startsWith("otpauth://totp/Gatehouse:odd%3Aname%20%26%20more?");
    }
}
