package org.gatehouse.authenticator.totp.internal;

import java.util.Optional;

/**
 * The HMAC functions RFC 6238 allows. The constant names are what configuration, the credential
 * data and the {@code algorithm} parameter of an {@code otpauth://} URI all spell.
 */
public enum HashAlgorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String macName;

    HashAlgorithm(String macName) {
        this.macName = macName;
    }

    /** @return the JCA name of the HMAC, e.g. {@code HmacSHA1} */
    String macName() {
        return macName;
    }

    /** @return the algorithm of that name, if it is one of ours */
    static Optional<HashAlgorithm> named(String name) {
        for (HashAlgorithm algorithm : values()) {
            if (algorithm.name().equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
