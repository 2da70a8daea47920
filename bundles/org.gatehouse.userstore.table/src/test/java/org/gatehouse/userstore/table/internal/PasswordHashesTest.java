package org.gatehouse.userstore.table.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hash formats against vectors made by other implementations, not only round trips:
 * <ul>
 *   <li>bcrypt: the crypt_blowfish test vectors (Openwall), re-made with glibc/libxcrypt's
 *       {@code crypt(3)} for the $2b$/$2y$ ones;</li>
 *   <li>PBKDF2: RFC 6070 (PBKDF2-HMAC-SHA1) in Django's layout; Django and passlib strings made by
 *       Django 3.2's {@code PBKDF2PasswordHasher} and passlib 1.7's {@code pbkdf2_sha256}
 *       (see {@link ReferenceHashes});</li>
 *   <li>argon2: the reference implementation's {@code argon2} command (phc-winner-argon2);</li>
 *   <li>{SSHA}: OpenLDAP's layout (base64 of SHA-1(password + salt) then salt).</li>
 * </ul>
 */
class PasswordHashesTest {

    private static PasswordHashes hashes(boolean legacy, NewHashFormat format, boolean rehash) {
        return new PasswordHashes(SaltLocation.PREFIX, SaltedDigest.Algorithm.SHA_256, SaltedDigest.Encoding.HEX,
                SaltedDigest.Order.SALT_THEN_PASSWORD, legacy, format, 10, rehash);
    }

    private static boolean verify(PasswordHashes h, String password, String hash) {
        return h.verify(password.toCharArray(), new StoredPassword(hash, null)).valid();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "U*U|$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "U*U*|$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK",
        "U*U*U|$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a",
        "Wonder-land-1|$2b$05$abcdefghijklmnopqrstuurf24YNtnfhafe3.tGibJdyJCe4ssl5K",
        "Wonder-land-1|$2y$05$abcdefghijklmnopqrstuurf24YNtnfhafe3.tGibJdyJCe4ssl5K",
        "pässwörd|$2b$04$0123456789ABCDEFabcdeugREGP65xFrCiPd/AN2XS9jlkTpRAaKm",
        "Wonder-land-1|{bcrypt}$2b$05$abcdefghijklmnopqrstuurf24YNtnfhafe3.tGibJdyJCe4ssl5K",
        "password|pbkdf2_sha1$4096$salt$SwB5AbdlSJq+rUnZJvch0GWkKcE=",
        "lètmein|pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "Grace-pw-7|$pbkdf2-sha256$1000$EREREXNhbHQtYnl0ZXMhIQ$puoE7Xc/J2TjV20.r2SoycQJWrblFE73Rw.7ZqxoLMk",
        "Grace-pw-7|$pbkdf2-sha512$1000$EREREXNhbHQtYnl0ZXMhIQ$/RlcyjUVzmrEWDBgi7LqMdWQWcyD.Zf5Dwu5r20VC4qPdwoJWS5rW8lrjErSaRerck5Pi8UbNT3IBEeCrddwkQ",
        "Frank-pw-5|{SSHA}zrejg1tvVvvBN1egQRuVbKstIjwBAgMEBQYHCA==",
        "Frank-pw-5|{SSHA512}029GEiqoJ09kSXqiW7uun4WjfffMQFcmdWBumrioO5s+TDr2YXkzrk4o4M3MboP2q0MZ10aNgfFi0/lwPO7WJTEyMzQ1Njc4",
        "Carol-pw-3|pepper42$6a8cea71fec24b1aa20bb66d3a3b5aa27b69ccce50187dfae67b3ed25dcbf430",
    })
    void acceptsReferenceHashes(String password, String hash) {
        PasswordHashes h = hashes(false, NewHashFormat.BCRYPT, false);
        assertThat(verify(h, password, hash)).as(hash).isTrue();
        assertThat(verify(h, password + "x", hash)).as("a wrong password against " + hash).isFalse();
        assertThat(verify(h, "", hash)).isFalse();
    }

    @Test
    void bcryptIgnoresWhatFollowsThe72ndByteAsTheReferenceDoes() {
        PasswordHashes h = hashes(false, NewHashFormat.BCRYPT, false);
        String hash = "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui";
        assertThat(verify(h, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are different", hash)).isTrue();
        assertThat(verify(h, "", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy")).isTrue();
    }

    @Test
    void argon2FromTheReferenceImplementation() {
        PasswordHashes h = hashes(false, NewHashFormat.BCRYPT, false);
        for (String[] v : ReferenceHashes.ARGON2) {
            assertThat(verify(h, v[0], v[1])).as(v[1]).isTrue();
            if (!v[1].contains("m=65536")) {
                // the README's 64 MiB vector is checked once: a wrong password costs as much as a right one
                assertThat(verify(h, v[0] + "!", v[1])).isFalse();
            }
        }
    }

    @Test
    void djangoAndPasslibStringsFromTheirOwnCode() {
        PasswordHashes h = hashes(false, NewHashFormat.BCRYPT, false);
        for (String[] v : ReferenceHashes.PBKDF2) {
            assertThat(verify(h, v[0], v[1])).as(v[1]).isTrue();
            assertThat(verify(h, v[0].toUpperCase(), v[1])).isFalse();
        }
    }

    @Test
    void unsaltedDigestsOnlyWithTheLegacyOptIn() {
        String md5 = "9020d3628bfd117f5a70e571b446ebc9";
        String sha1 = "af57971e744a4cac510442ffbd72afcb58a384cb";
        String ldapSha = "{SHA}r1eXHnRKTKxRBEL/vXKvy1ijhMs=";
        PasswordHashes strict = new PasswordHashes(SaltLocation.NONE, SaltedDigest.Algorithm.SHA_256, SaltedDigest.Encoding.HEX,
                SaltedDigest.Order.SALT_THEN_PASSWORD, false, NewHashFormat.BCRYPT, 10, false);
        PasswordHashes legacy = new PasswordHashes(SaltLocation.NONE, SaltedDigest.Algorithm.SHA_256, SaltedDigest.Encoding.HEX,
                SaltedDigest.Order.SALT_THEN_PASSWORD, true, NewHashFormat.BCRYPT, 10, false);
        for (String hash : new String[] {md5, sha1, ldapSha, md5.toUpperCase()}) {
            assertThat(verify(strict, "Legacy-pw-1", hash)).as(hash).isFalse();
            assertThat(strict.verify("Legacy-pw-1".toCharArray(), new StoredPassword(hash, null)).format()).isEmpty();
            assertThat(verify(legacy, "Legacy-pw-1", hash)).as(hash).isTrue();
            assertThat(verify(legacy, "Legacy-pw-2", hash)).as(hash).isFalse();
        }
    }

    @Test
    void saltedDigestLayoutsFromTheConfiguration() {
        PasswordHashes column = new PasswordHashes(SaltLocation.COLUMN, SaltedDigest.Algorithm.SHA_256, SaltedDigest.Encoding.HEX,
                SaltedDigest.Order.PASSWORD_THEN_SALT, false, NewHashFormat.BCRYPT, 10, false);
        StoredPassword stored = new StoredPassword("11ff95d05442d5b13506fb2dbe20303270d8f06ba70beb43bdd5662177921f5f", "x9Y2");
        assertThat(column.verify("Carol-pw-3".toCharArray(), stored).valid()).isTrue();
        assertThat(column.verify("Carol-pw-4".toCharArray(), stored).valid()).isFalse();
        assertThat(column.verify("Carol-pw-3".toCharArray(), new StoredPassword(stored.hash(), "x9Y3")).valid()).isFalse();
        // without a salt the value is no salted digest at all
        assertThat(column.verify("Carol-pw-3".toCharArray(), new StoredPassword(stored.hash(), null)).format()).isEmpty();

        PasswordHashes base64 = new PasswordHashes(SaltLocation.COLUMN, SaltedDigest.Algorithm.SHA_512, SaltedDigest.Encoding.BASE64,
                SaltedDigest.Order.SALT_THEN_PASSWORD, false, NewHashFormat.BCRYPT, 10, false);
        StoredPassword sha512 = new StoredPassword("9pNALS3IyH3tdF2EIPVZS60vchaGaNE8azj5irqo3EMb+GSiQcHR4NYIrotXtWWS1FWIVEZ8EUHY0+T1xvO66w==", "k3y");
        assertThat(base64.verify("Ivy-pw-8".toCharArray(), sha512).valid()).isTrue();
        assertThat(base64.verify("Ivy-pw-9".toCharArray(), sha512).valid()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$2b$31$abcdefghijklmnopqrstuurf24YNtnfhafe3.tGibJdyJCe4ssl5K",
        "$2b$05$abcdefghij",
        "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$argon2id$v=19$m=garbage$c29tZXNhbHQ$RdescudvJCsgt3ub",
        "pbkdf2_sha256$999999999$salt$SwB5AbdlSJq+rUnZJvch0GWkKcE=",
        "pbkdf2_sha256$1000$salt",
        "pbkdf2_md5$1000$salt$SwB5AbdlSJq+rUnZJvch0GWkKcE=",
        "{SSHA}AAAA",
        "{SSHA}!!!not base64",
        "plaintext-password",
        "{noop}Wonder-land-1",
    })
    void malformedOrAbusiveHashesAreWrongPasswordsNotErrors(String hash) {
        PasswordHashes h = hashes(true, NewHashFormat.BCRYPT, false);
        long start = System.nanoTime();
        assertThat(verify(h, "Wonder-land-1", hash)).isFalse();
        assertThat(System.nanoTime() - start).as("no expensive work for a hostile row").isLessThan(5_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(NewHashFormat.class)
    void newHashesVerifyHereAndAreCurrent(NewHashFormat format) {
        PasswordHashes h = hashes(false, format, true);
        String hash = h.hash("Neu-Passwört-1".toCharArray());
        assertThat(verify(h, "Neu-Passwört-1", hash)).isTrue();
        assertThat(verify(h, "Neu-Passwört-2", hash)).isFalse();
        assertThat(h.isCurrent(hash)).isTrue();
        if (format == NewHashFormat.BCRYPT || format == NewHashFormat.ARGON2ID) {
            // (600,000 PBKDF2 rounds once more would only make the suite slower: the salt is drawn the same way)
            assertThat(h.hash("Neu-Passwört-1".toCharArray())).as("salted: never the same twice").isNotEqualTo(hash);
        }
        switch (format) {
            case BCRYPT -> assertThat(hash).startsWith("$2b$10$").hasSize(60);
            case ARGON2ID -> assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            case DJANGO_PBKDF2_SHA256 -> assertThat(hash).matches("pbkdf2_sha256\\$600000\\$[A-Za-z0-9]{22}\\$[A-Za-z0-9+/]{43}=");
            case PBKDF2_SHA256 -> assertThat(hash).matches("\\$pbkdf2-sha256\\$600000\\$[A-Za-z0-9./]{22}\\$[A-Za-z0-9./]{43}");
        }
    }

    @Test
    void rehashIsAskedForOnlyWhenEnabledValidAndInAnotherFormat() {
        PasswordHashes rehashing = hashes(false, NewHashFormat.BCRYPT, true);
        String django = "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=";
        assertThat(rehashing.verify("lètmein".toCharArray(), new StoredPassword(django, null)).needsRehash()).isTrue();
        assertThat(rehashing.verify("wrong".toCharArray(), new StoredPassword(django, null)).needsRehash()).isFalse();
        // bcrypt below the configured cost (10) is outdated too
        String cost5 = "$2b$05$abcdefghijklmnopqrstuurf24YNtnfhafe3.tGibJdyJCe4ssl5K";
        assertThat(rehashing.verify("Wonder-land-1".toCharArray(), new StoredPassword(cost5, null)).needsRehash()).isTrue();
        assertThat(hashes(false, NewHashFormat.BCRYPT, false).verify("lètmein".toCharArray(), new StoredPassword(django, null)).needsRehash())
                .isFalse();
    }
}
