package org.gatehouse.crypto.internal;

import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoServicesRegistrar;
import org.bouncycastle.crypto.SecureRandomProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Gives BouncyCastle a per-thread random source. Without one, BouncyCastle asks for {@code new
 * SecureRandom()} wherever it needs randomness, including the blinding of every ECDSA signature's
 * final inversion; on Linux that is NativePRNG, whose output goes through one JVM-wide lock: under
 * load, signing threads queued there for 10-20 ms (JFR, bench/oauth2.sh refresh at c16). A DRBG per
 * thread, seeded by the operating system, is as strong and shares nothing.
 *
 * <p>The setting is BouncyCastle-wide: it is undone when this bundle stops.
 */
@Component(immediate = true, service = BouncyCastleRandom.class)
public final class BouncyCastleRandom {

    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(BouncyCastleRandom::newRandom);
    private final SecureRandomProvider provider = PER_THREAD::get;

    @Activate
    public BouncyCastleRandom() {
        CryptoServicesRegistrar.setSecureRandomProvider(provider);
    }

    @Deactivate
    void deactivate() {
        CryptoServicesRegistrar.setSecureRandomProvider(null);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
