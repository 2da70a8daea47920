package org.gatehouse.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.gatehouse.crypto.PasswordHasher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * PBKDF2-HMAC-SHA256 with a 16-byte salt and a 32-byte key, encoded in the PHC string format:
 * {@code $pbkdf2-sha256$i=ITERATIONS$SALT$HASH} (base64 without padding).
 */
@Component(service = PasswordHasher.class, configurationPid = PasswordHashingConfiguration.PID)
@Designate(ocd = PasswordHashingConfiguration.class)
public final class Pbkdf2PasswordHasher implements PasswordHasher {

    static final String ID = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final byte[] decoySalt = new byte[SALT_BYTES];

    @Activate
    public Pbkdf2PasswordHasher(PasswordHashingConfiguration config) {
        this(config.iterations());
    }

    Pbkdf2PasswordHasher(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
        random.nextBytes(decoySalt);
    }

    @Override
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return "$" + ID + "$i=" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(derive(password, salt, iterations));
    }

    @Override
    public boolean verify(char[] password, String encodedHash) {
        Parsed p = Parsed.of(encodedHash);
        if (p == null) {
            verifyNothing(password);
            return false;
        }
        return MessageDigest.isEqual(p.hash, derive(password, p.salt, p.iterations));
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        Parsed p = Parsed.of(encodedHash);
        return p == null || p.iterations != iterations;
    }

    @Override
    public void verifyNothing(char[] password) {
        derive(password, decoySalt, iterations);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
        static Parsed of(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$");
            // "", id, "i=N", salt, hash
            if (parts.length != 5 || !parts[0].isEmpty() || !ID.equals(parts[1]) || !parts[2].startsWith("i=")) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[2].substring(2));
                if (iterations < 1 || iterations > 100_000_000) {
                    return null;
                }
                return new Parsed(iterations, B64D.decode(parts[3]), B64D.decode(parts[4]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
