package org.gatehouse.authenticator.totp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class TotpSettingsTest {

    private static final Totp SHA1_6 = new Totp(HashAlgorithm.SHA1, 6, 30);

    /** The configuration DS passes when no configuration exists: every attribute at its default. */
    static TotpConfiguration defaultConfiguration() {
        return (TotpConfiguration) Proxy.newProxyInstance(TotpConfiguration.class.getClassLoader(), new Class<?>[] {TotpConfiguration.class},
                (proxy, method, args) -> method.getDefaultValue());
    }

    @Test
    void defaultsAreThoseOfRfc6238AndEveryApp() {
        TotpSettings defaults = TotpSettings.from(defaultConfiguration());
        assertThat(defaults.enrolment()).isEqualTo(SHA1_6);
        assertThat(defaults.driftSteps()).isEqualTo(1);
        assertThat(defaults.issuer()).isEqualTo("Gatehouse");
    }

    @Test
    void refusesSettingsThatWouldWeakenOrBreakCodes() {
        assertThatThrownBy(() -> new TotpSettings(SHA1_6, "Acme", 6)).hasMessageContaining("drift");
        assertThatThrownBy(() -> new TotpSettings(SHA1_6, "Acme", -1)).hasMessageContaining("drift");
        assertThatThrownBy(() -> new TotpSettings(SHA1_6, "Acme: Login", 1)).hasMessageContaining("issuer");
        assertThatThrownBy(() -> new TotpSettings(SHA1_6, " ", 1)).hasMessageContaining("issuer");
    }
}
