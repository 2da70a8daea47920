package org.gatehouse.userstore.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.userstore.ldap.slapd.Ldif;
import org.gatehouse.userstore.ldap.slapd.Slapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * LDAPS and StartTLS against slapd with a certificate from a test CA: trusted through
 * trustedCertificates, refused when the CA is not trusted or the certificate names another host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LdapTlsTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();

    private Slapd slapd;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Slapd.tlsAvailable(), "slapd or openssl is not installed");
        slapd = Slapd.startWithTls(Files.createTempDirectory("gh-slapd-tls-"),
                Ldif.person("tina", "Tina", "Tls", "tina@example.org", Slapd.hash("{SSHA}", "tina-Pa55")));
    }

    @AfterAll
    void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    private LdapUserStore store(String url, ConnectionSecurity security, boolean trustTestCa) {
        Map<String, Object> m = new HashMap<>();
        m.put("domain", "TLS");
        m.put("url", url);
        m.put("connectionSecurity", security);
        m.put("bindDn", Slapd.SERVICE_DN);
        m.put("_bindPassword", Slapd.SERVICE_PASSWORD);
        m.put("userBaseDn", "ou=people," + Slapd.SUFFIX);
        m.put("connectTimeoutMillis", 2000);
        if (trustTestCa) {
            m.put("trustedCertificates", slapd.caCertificate().toString());
        }
        return new LdapUserStore(LdapSettings.from(Configs.ldap(m)), new NoHashing());
    }

    private static void worksWith(LdapUserStore store) {
        try {
            User tina = store.findUserByUsername(ROOT, "tina").orElseThrow();
            assertThat(store.verifyPassword(ROOT, tina.id(), "tina-Pa55".toCharArray())).isEqualTo(CredentialCheck.VALID);
        } finally {
            store.close();
        }
    }

    @Test
    void ldapsAndStartTlsWithTheTrustedCa() {
        worksWith(store("ldaps://127.0.0.1:" + slapd.ldapsPort(), ConnectionSecurity.LDAPS, true));
        worksWith(store("ldaps://localhost:" + slapd.ldapsPort(), ConnectionSecurity.LDAPS, true));
        worksWith(store(slapd.url(), ConnectionSecurity.STARTTLS, true));
    }

    @Test
    void anUntrustedCaOrAnotherHostsCertificateIsRefused() {
        LdapUserStore untrusted = store("ldaps://127.0.0.1:" + slapd.ldapsPort(), ConnectionSecurity.LDAPS, false);
        try {
            assertThatThrownBy(() -> untrusted.findUserByUsername(ROOT, "tina")).isInstanceOf(StoreUnavailableException.class);
        } finally {
            untrusted.close();
        }
        LdapUserStore untrustedStartTls = store(slapd.url(), ConnectionSecurity.STARTTLS, false);
        try {
            assertThatThrownBy(() -> untrustedStartTls.findUserByUsername(ROOT, "tina")).isInstanceOf(StoreUnavailableException.class);
        } finally {
            untrustedStartTls.close();
        }
        // the same slapd and a trusted CA, but the certificate does not name 127.0.0.2
        LdapUserStore otherHost = store("ldaps://127.0.0.2:" + slapd.ldapsPort(), ConnectionSecurity.LDAPS, true);
        try {
            assertThatThrownBy(() -> otherHost.findUserByUsername(ROOT, "tina")).isInstanceOf(StoreUnavailableException.class);
        } finally {
            otherHost.close();
        }
    }

    private static final class NoHashing implements PasswordHasher {
        @Override
        public String hash(char[] password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(char[] password, String encodedHash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean needsRehash(String encodedHash) {
            return false;
        }

        @Override
        public void verifyNothing(char[] password) {
            // the directory verifies; nothing to equalize here
        }
    }
}
