package org.gatehouse.sample.userstore.file;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Verifies PHC-format PBKDF2-SHA256 hashes ({@code $pbkdf2-sha256$i=N$salt$hash}), as the CSV holds them. */
final class Pbkdf2 {

    private Pbkdf2() {}

    static boolean verify(char[] password, String phc) {
        String[] p = phc.split("\\$");
        if (p.length != 5 || !"pbkdf2-sha256".equals(p[1]) || !p[2].startsWith("i=")) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(p[2].substring(2));
            byte[] salt = Base64.getDecoder().decode(p[3]);
            byte[] expected = Base64.getDecoder().decode(p[4]);
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, expected.length * 8);
            byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
