package org.gatehouse.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.gatehouse.crypto.SigningKey;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SigningKeyServiceTest {

    private static final byte[] MASTER = new byte[32];
    private final AesGcmSecretEncryption encryption = new AesGcmSecretEncryption(MASTER);

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    @Test
    void sealedSecretsOpenOnlyInTheirContextUnderTheirKey() {
        String sealed = encryption.seal("private".getBytes(StandardCharsets.UTF_8), "row/1");
        assertThat(sealed).startsWith("v1.").doesNotContain("private");
        assertThat(new String(encryption.open(sealed, "row/1"), StandardCharsets.UTF_8)).isEqualTo("private");
        assertThat(encryption.seal("private".getBytes(StandardCharsets.UTF_8), "row/1")).isNotEqualTo(sealed);
        assertThatThrownBy(() -> encryption.open(sealed, "row/2")).isInstanceOf(IllegalArgumentException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> new AesGcmSecretEncryption(otherKey).open(sealed, "row/1")).isInstanceOf(IllegalArgumentException.class);
        String tampered = sealed.substring(0, sealed.length() - 2) + (sealed.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> encryption.open(tampered, "row/1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encryption.open("garbage", "row/1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMasterKeyMustBe256Bits() {
        assertThatThrownBy(() -> MasterKey.decode("c2hvcnQ=", "test")).hasMessageContaining("32 bytes");
        assertThat(MasterKey.decode(java.util.Base64.getEncoder().encodeToString(MASTER), "test")).hasSize(32);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keysAreGeneratedOncePublishedWithoutPrivatePartsAndStoredSealed(TestDatabase db) throws Exception {
        try (db) {
            SigningKeyService keys = new SigningKeyService(db, encryption, Clock.systemUTC(), Duration.ofHours(1), 2048);
            new SigningKeyService(db, encryption, Clock.systemUTC(), Duration.ofHours(1), 2048); // a second node
            JWKSet set = JWKSet.parse(keys.jwkSetJson());
            assertThat(set.getKeys()).hasSize(4).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
            assertThat(keys.jwkSetJson()).doesNotContain("\"d\"");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT private_jwk_sealed FROM gh_signing_key")) {
                while (rs.next()) {
                    assertThat(rs.getString(1)).startsWith("v1.").doesNotContain("\"d\"");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void signaturesVerifyWithTheIndependentNimbusVerifierAndRotationOverlaps(TestDatabase db) throws Exception {
        try (db) {
            MutableClock clock = new MutableClock();
            SigningKeyService keys = new SigningKeyService(db, encryption, clock, Duration.ofHours(1), 2048);
            for (String alg : keys.algorithms()) {
                SigningKey key = keys.active(alg);
                JWSObject jws = sign(key, "{\"sub\":\"alice\"}");
                JWK published = JWKSet.parse(keys.jwkSetJson()).getKeyByKeyId(key.keyId());
                assertThat(published).as(alg).isNotNull();
                assertThat(independentlyVerified(jws, published)).as(alg).isTrue();
                assertThat(keys.verify(key.keyId(), alg, jws.getSigningInput(), jws.getSignature().decode())).isTrue();
                byte[] forged = jws.getSignature().decode();
                forged[forged.length / 2] ^= 1;
                assertThat(keys.verify(key.keyId(), alg, jws.getSigningInput(), forged)).isFalse();
                byte[] truncated = java.util.Arrays.copyOf(jws.getSignature().decode(), jws.getSignature().decode().length - 1);
                assertThat(keys.verify(key.keyId(), alg, jws.getSigningInput(), truncated)).as(alg).isFalse();
            }
            // ES256 in JWS form only: the same signature DER-encoded, and r = s = 0, are refused
            SigningKey es256 = keys.active("ES256");
            JWSObject jws = sign(es256, "{\"sub\":\"bob\"}");
            byte[] der = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(jws.getSignature().decode());
            assertThat(keys.verify(es256.keyId(), "ES256", jws.getSigningInput(), der)).isFalse();
            assertThat(keys.verify(es256.keyId(), "ES256", jws.getSigningInput(), new byte[64])).isFalse();

            SigningKey old = keys.active("ES256");
            JWSObject oldToken = sign(old, "{\"sub\":\"bob\"}");
            String fresh = keys.rotate("ES256");
            assertThat(keys.active("ES256").keyId()).isEqualTo(fresh).isNotEqualTo(old.keyId());
            assertThat(JWKSet.parse(keys.jwkSetJson()).getKeys()).hasSize(5);
            assertThat(keys.verify(old.keyId(), "ES256", oldToken.getSigningInput(), oldToken.getSignature().decode())).isTrue();
            assertThat(keys.verify(old.keyId(), "RS256", oldToken.getSigningInput(), oldToken.getSignature().decode())).isFalse();

            clock.advance(Duration.ofHours(2));
            assertThat(keys.verify(old.keyId(), "ES256", oldToken.getSigningInput(), oldToken.getSignature().decode())).isFalse();
            assertThat(JWKSet.parse(keys.jwkSetJson()).getKeyByKeyId(old.keyId())).isNull();
            assertThat(keys.verify("no-such-kid", "ES256", oldToken.getSigningInput(), oldToken.getSignature().decode())).isFalse();
            assertThatThrownBy(() -> keys.active("HS256")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static JWSObject sign(SigningKey key, String payload) throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm())).keyID(key.keyId()).build();
        JWSObject unsigned = new JWSObject(header, new Payload(payload));
        byte[] signature = key.sign(unsigned.getSigningInput());
        return new JWSObject(header.toBase64URL(), new Payload(payload).toBase64URL(), Base64URL.encode(signature));
    }

    /** Nimbus for RSA and EC; the JDK's own Ed25519 for EdDSA (Nimbus would need Tink there). */
    private static boolean independentlyVerified(JWSObject jws, JWK published) throws Exception {
        if (published instanceof com.nimbusds.jose.jwk.OctetKeyPair okp) {
            byte[] x509 = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
            byte[] encoded = new byte[x509.length + 32];
            System.arraycopy(x509, 0, encoded, 0, x509.length);
            System.arraycopy(okp.getDecodedX(), 0, encoded, x509.length, 32);
            java.security.PublicKey key = java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(encoded));
            java.security.Signature verifier = java.security.Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(jws.getSigningInput());
            return verifier.verify(jws.getSignature().decode());
        }
        return jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jws.getHeader(), toKey(published)));
    }

    private static Key toKey(JWK jwk) throws Exception {
        return jwk instanceof com.nimbusds.jose.jwk.ECKey ec ? ec.toPublicKey() : ((com.nimbusds.jose.jwk.RSAKey) jwk).toPublicKey();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @org.junit.jupiter.api.Test
    void bouncyCastleGetsARandomSourcePerThreadAndGivesItBack() throws Exception {
        BouncyCastleRandom random = new BouncyCastleRandom();
        java.security.SecureRandom mine;
        try {
            mine = org.bouncycastle.crypto.CryptoServicesRegistrar.getSecureRandom();
            assertThat(org.bouncycastle.crypto.CryptoServicesRegistrar.getSecureRandom()).isSameAs(mine);
            java.util.concurrent.atomic.AtomicReference<java.security.SecureRandom> other = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> other.set(org.bouncycastle.crypto.CryptoServicesRegistrar.getSecureRandom()));
            t.start();
            t.join();
            assertThat(other.get()).isNotNull().isNotSameAs(mine);
        } finally {
            random.deactivate();
        }
        assertThat(org.bouncycastle.crypto.CryptoServicesRegistrar.getSecureRandom()).as("BouncyCastle's own default again").isNotSameAs(mine);
    }
}
