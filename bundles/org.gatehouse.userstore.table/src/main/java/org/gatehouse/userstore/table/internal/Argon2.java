package org.gatehouse.userstore.table.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 (id, i and d) in the PHC string format of the reference implementation:
 * {@code $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>}, base64 without padding.
 */
final class Argon2 implements PasswordFormat {

    /** 1 GiB: more memory per check than that is a denial of service, not a setting. */
    private static final int MAX_MEMORY_KB = 1 << 20;
    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_PARALLELISM = 64;

    /** The OWASP minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
    static final int NEW_MEMORY_KB = 19456;
    static final int NEW_ITERATIONS = 2;
    static final int NEW_PARALLELISM = 1;

    @Override
    public String name() {
        return "argon2";
    }

    @Override
    public boolean recognizes(StoredPassword stored) {
        String h = stored.hash();
        return h.startsWith("$argon2id$") || h.startsWith("$argon2i$") || h.startsWith("$argon2d$");
    }

    @Override
    public boolean verify(byte[] password, StoredPassword stored) {
        // $argon2id$v=19$m=65536,t=3,p=4$salt$hash (v= is absent in hashes of version 1.0)
        String[] parts = stored.hash().split("\\$");
        int i = 1;
        int type = switch (parts[i++]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> throw new IllegalArgumentException("not argon2");
        };
        int version = Argon2Parameters.ARGON2_VERSION_10;
        if (parts[i].startsWith("v=")) {
            version = Integer.parseInt(parts[i++].substring(2));
        }
        Map<String, Integer> params = new HashMap<>();
        for (String p : parts[i++].split(",")) {
            String[] kv = p.split("=", 2);
            params.put(kv[0], Integer.parseInt(kv[1]));
        }
        byte[] salt = Encodings.base64(parts[i++]);
        byte[] expected = Encodings.base64(parts[i++]);
        if (i != parts.length) {
            throw new IllegalArgumentException("trailing fields");
        }
        int m = params.getOrDefault("m", 0);
        int t = params.getOrDefault("t", 0);
        int p = params.getOrDefault("p", 0);
        if (m < 8 || m > MAX_MEMORY_KB || t < 1 || t > MAX_ITERATIONS || p < 1 || p > MAX_PARALLELISM
                || expected.length < 4 || expected.length > 1024 || salt.length < 8) {
            throw new IllegalArgumentException("argon2 parameters out of range");
        }
        byte[] actual = derive(type, version, m, t, p, salt, password, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(int type, int version, int m, int t, int p, byte[] salt, byte[] password, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withMemoryAsKB(m).withIterations(t)
                .withParallelism(p).withSalt(salt).build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    static String hash(byte[] password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] h = derive(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, NEW_MEMORY_KB, NEW_ITERATIONS, NEW_PARALLELISM,
                salt, password, 32);
        return "$argon2id$v=19$m=" + NEW_MEMORY_KB + ",t=" + NEW_ITERATIONS + ",p=" + NEW_PARALLELISM + "$"
                + Encodings.base64NoPadding(salt) + "$" + Encodings.base64NoPadding(h);
    }
}
