package org.gatehouse.userstore.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration mistakes fail the activation with a message that names the setting. */
class LdapSettingsTest {

    private static Map<String, Object> valid() {
        Map<String, Object> m = new HashMap<>();
        m.put("domain", "corp");
        m.put("url", "ldap://127.0.0.1:3389");
        m.put("connectionSecurity", ConnectionSecurity.NONE);
        m.put("bindDn", "cn=gatehouse,ou=services,dc=example,dc=org");
        m.put("_bindPassword", "secret");
        m.put("userBaseDn", "ou=people,dc=example,dc=org");
        return m;
    }

    private static LdapSettings settings(Map<String, Object> m) {
        return LdapSettings.from(Configs.ldap(m));
    }

    @Test
    void aMinimalOpenLdapConfigurationGetsTheTypeDefaults() {
        LdapSettings s = settings(valid());
        assertThat(s.domain()).isEqualTo("CORP");
        assertThat(s.port()).isEqualTo(3389);
        assertThat(s.usernameAttribute()).isEqualTo("uid");
        assertThat(s.idAttribute()).isEqualTo("entryUUID");
        assertThat(s.versionAttribute()).isEqualTo("entryCSN");
        assertThat(s.mapping()).containsEntry("emails.value", "mail");
        assertThat(s.readOnly()).isTrue();
        assertThat(s.groups()).isEmpty();
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void activeDirectoryDefaults() {
        Map<String, Object> m = valid();
        m.put("directoryType", DirectoryType.ACTIVE_DIRECTORY);
        m.put("url", "ldaps://dc1.corp.example:636");
        m.put("connectionSecurity", ConnectionSecurity.LDAPS);
        m.put("groupBaseDn", "ou=groups,dc=corp,dc=example");
        LdapSettings s = settings(m);
        assertThat(s.usernameAttribute()).isEqualTo("sAMAccountName");
        assertThat(s.idAttribute()).isEqualTo("objectGUID");
        assertThat(s.idIsBinaryGuid()).isTrue();
        assertThat(s.versionAttribute()).isEqualTo("uSNChanged");
        assertThat(s.userRdnAttribute()).isEqualTo("cn");
        assertThat(s.groups().orElseThrow().objectClass()).isEqualTo("group");
    }

    @Test
    void mistakesNameTheSetting() {
        assertRejected(Map.of("url", "http://ldap.example.com"), "url: must start with ldap:// or ldaps://");
        assertRejected(Map.of("url", "ldap://"), "url:");
        assertRejected(Map.of("url", "ldap://127.0.0.1/dc=example,dc=org"), "url: only scheme, host and port");
        assertRejected(Map.of("url", "ldaps://127.0.0.1"), "url: an ldaps:// URL goes with connectionSecurity=LDAPS");
        assertRejected(Map.of("userBaseDn", ""), "userBaseDn is required");
        assertRejected(Map.of("userBaseDn", "not a dn"), "userBaseDn: not a distinguished name");
        assertRejected(Map.of("bindDn", "=x"), "bindDn: not a distinguished name");
        assertRejected(Map.of("_bindPassword", ""), ".bindPassword: the service account needs a password");
        assertRejected(Map.of("domain", "PRIMARY"), "domain: PRIMARY is the Gatehouse database's store");
        assertRejected(Map.of("domain", "bad domain"), "domain:");
        assertRejected(Map.of("url", "ldap://ldap.example.com"), "connectionSecurity: refusing to send passwords in clear text");
        assertRejected(Map.of("attributeMapping", "name.givenName=givenName, password=userPassword"), "attributeMapping: 'password' cannot be mapped");
        assertRejected(Map.of("attributeMapping", "displayName=display name"), "attributeMapping (displayName): not an LDAP attribute");
        assertRejected(Map.of("userFilter", "(uid=*"), "userFilter: not an LDAP filter");
        assertRejected(Map.of("pageSize", 0), "pageSize: must be 1-5000");
        assertRejected(Map.of("disabledValue", "TRUE"), "disabledValue: set disabledAttribute too");
        assertRejected(Map.of("trustedCertificates", "/nonexistent/ca.pem"), "trustedCertificates: cannot read");
    }

    @Test
    void activeDirectoryWritesOnlyOverTls() {
        Map<String, Object> m = valid();
        m.put("directoryType", DirectoryType.ACTIVE_DIRECTORY);
        m.put("readOnly", false);
        assertThatThrownBy(() -> settings(m)).hasMessageContaining("unicodePwd");
        m.put("readOnly", true);
        assertThat(settings(m).readOnly()).isTrue();
    }

    @Test
    void primaryOnlyWithConsentAndCleartextOnlyOnTheLoopbackOrWithConsent() {
        Map<String, Object> m = valid();
        m.put("domain", "PRIMARY");
        m.put("allowPrimaryDomain", true);
        assertThat(settings(m).domain()).isEqualTo("PRIMARY");
        Map<String, Object> remote = valid();
        remote.put("url", "ldap://ldap.test.example");
        remote.put("allowCleartext", true);
        assertThat(settings(remote).host()).isEqualTo("ldap.test.example");
        Map<String, Object> tls = valid();
        tls.put("url", "ldap://ldap.example.com");
        tls.put("connectionSecurity", ConnectionSecurity.STARTTLS);
        assertThat(settings(tls).port()).isEqualTo(389);
    }

    private static void assertRejected(Map<String, Object> change, String message) {
        Map<String, Object> m = valid();
        m.putAll(change);
        assertThatThrownBy(() -> settings(m)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
