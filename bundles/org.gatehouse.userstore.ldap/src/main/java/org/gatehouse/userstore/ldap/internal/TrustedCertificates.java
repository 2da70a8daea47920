package org.gatehouse.userstore.ldap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a store trusts for LDAPS and StartTLS: the JVM's trust store, or the CA
 * certificates of a PEM file. Never "trust everything" (the LDAP library's old default).
 */
final class TrustedCertificates {

    private TrustedCertificates() {}

    /** @param host the directory's host, which its certificate must name */
    static TrustManager[] of(Optional<Path> pem, String host) {
        TrustManager[] managers = managers(pem);
        for (int i = 0; i < managers.length; i++) {
            if (managers[i] instanceof X509TrustManager x509) {
                managers[i] = new HostnameCheckingTrustManager(x509, host);
            }
        }
        return managers;
    }

    private static TrustManager[] managers(Optional<Path> pem) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (pem.isEmpty()) {
                tmf.init((KeyStore) null);
                return tmf.getTrustManagers();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(pem.get())) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("trustedCertificates: no certificate in " + pem.get());
            }
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trustedCertificates: cannot read the certificates: " + e.getMessage(), e);
        }
    }
}
