package org.gatehouse.userstore.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 6125 matching of the directory's host against its certificate's names. */
class HostnameCheckingTrustManagerTest {

    @Test
    void exactAndWildcardNames() {
        assertThat(HostnameCheckingTrustManager.matches("dc1.corp.example", "DC1.corp.example")).isTrue();
        assertThat(HostnameCheckingTrustManager.matches("*.corp.example", "dc1.corp.example")).isTrue();
        assertThat(HostnameCheckingTrustManager.matches("*.corp.example", "a.dc1.corp.example")).as("one label only").isFalse();
        assertThat(HostnameCheckingTrustManager.matches("*.corp.example", "corp.example")).isFalse();
        assertThat(HostnameCheckingTrustManager.matches("*.example", "corp.example")).as("no wildcard over a single-label suffix").isFalse();
        assertThat(HostnameCheckingTrustManager.matches("dc1.corp.example", "dc2.corp.example")).isFalse();
        assertThat(HostnameCheckingTrustManager.matches("dc1.corp.example", "dc1.corp.example.evil")).isFalse();
    }
}
