package org.gatehouse.crypto.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.gatehouse.crypto.SecretEncryption;
import org.gatehouse.crypto.SigningKey;
import org.gatehouse.crypto.SigningKeys;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys in the database, private halves sealed under the master key. Keys are cached in an
 * immutable snapshot; the snapshot is reloaded after a rotation here, periodically (another node
 * may have rotated), and when a token names a key id this node has not seen yet.
 *
 * <p>ES256 and EdDSA sign through BouncyCastle's lightweight API (Es256Keys, Ed25519Keys), several
 * times faster than the JDK's providers on the hot path of token issuance; RSA stays on the JDK.
 */
@Component(service = SigningKeys.class, configurationPid = SigningKeysConfiguration.PID)
@Designate(ocd = SigningKeysConfiguration.class)
public final class SigningKeyService implements SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyService.class);
    /** Keys belong to the root organization until organizations get keys of their own. */
    static final String ROOT_ORG = "00000000-0000-0000-0000-000000000000";
    static final List<String> ALGORITHMS = List.of("ES256", "RS256", "PS256", "EdDSA");
    private static final Duration REFRESH = Duration.ofSeconds(60);
    private static final Duration UNKNOWN_KID_RELOAD_GAP = Duration.ofSeconds(5);

    private final Database database;
    private final SecretEncryption encryption;
    private final Clock clock;
    private final Duration retention;
    private final int rsaKeySize;
    private volatile Snapshot snapshot;
    private volatile Instant lastUnknownKidReload = Instant.EPOCH;

    @Activate
    public SigningKeyService(SigningKeysConfiguration config, @Reference Database database, @Reference SecretEncryption encryption) {
        this(database, encryption, Clock.systemUTC(), Duration.ofSeconds(config.retiredKeyRetentionSeconds()), config.rsaKeySize());
    }

    SigningKeyService(Database database, SecretEncryption encryption, Clock clock, Duration retention, int rsaKeySize) {
        this.database = database;
        this.encryption = encryption;
        this.clock = clock;
        this.retention = retention;
        this.rsaKeySize = rsaKeySize;
        database.migrate("crypto", Migration.load(SigningKeyService.class.getClassLoader(), "db/crypto"));
        this.snapshot = load();
        for (String alg : ALGORITHMS) {
            if (!snapshot.active.containsKey(alg)) {
                create(alg, 1);
            }
        }
        this.snapshot = load();
        LOG.info("Signing keys ready: {}", snapshot.active.keySet());
    }

    @Override
    public Set<String> algorithms() {
        return new LinkedHashSet<>(ALGORITHMS);
    }

    @Override
    public SigningKey active(String algorithm) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("No signing keys for algorithm " + algorithm + "; available: " + ALGORITHMS);
        }
        return current().active.get(algorithm);
    }

    @Override
    public String jwkSetJson() {
        List<JWK> published = new ArrayList<>();
        current().published.values().forEach(k -> published.add(k.publicJwk));
        return new JWKSet(published).toString(true);
    }

    @Override
    public boolean verify(String keyId, String algorithm, byte[] signingInput, byte[] signature) {
        Key key = current().published.get(keyId);
        if (key == null && clock.instant().isAfter(lastUnknownKidReload.plus(UNKNOWN_KID_RELOAD_GAP))) {
            lastUnknownKidReload = clock.instant();
            snapshot = load();
            key = snapshot.published.get(keyId);
        }
        if (key == null || !key.alg.equals(algorithm)) {
            return false;
        }
        try {
            return key.verifier().verify(signingInput, signature);
        } catch (JOSEException e) {
            return false;
        }
    }

    @Override
    public Optional<String> algorithmOf(String keyId) {
        return Optional.ofNullable(current().published.get(keyId)).map(k -> k.alg);
    }

    @Override
    public synchronized String rotate(String algorithm) {
        Key old = ((ActiveKey) active(algorithm)).key;
        String kid = create(algorithm, old.generation + 1);
        run("UPDATE gh_signing_key SET retired_at = ? WHERE kid = ? AND retired_at IS NULL", ps -> {
            ps.setObject(1, now());
            ps.setString(2, old.kid);
        });
        snapshot = load();
        LOG.info("Rotated the {} signing key: {} retired, {} active", algorithm, old.kid, kid);
        return kid;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (clock.instant().isAfter(s.loadedAt.plus(REFRESH))) {
            s = load();
            snapshot = s;
        }
        return s;
    }

    /** Generates and stores a key; when another node stored this generation first, keeps theirs. */
    private String create(String alg, int generation) {
        String kid = UUID.randomUUID().toString();
        JWK jwk;
        try {
            jwk = switch (alg) {
                case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).keyUse(KeyUse.SIGNATURE).generate();
                case "EdDSA" -> Ed25519Keys.generate(kid);
                default -> new RSAKeyGenerator(rsaKeySize).keyID(kid).algorithm(JWSAlgorithm.parse(alg)).keyUse(KeyUse.SIGNATURE).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate a " + alg + " key", e);
        }
        try {
            run("INSERT INTO gh_signing_key (kid, org_id, alg, generation, public_jwk, private_jwk_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, kid);
                ps.setString(2, ROOT_ORG);
                ps.setString(3, alg);
                ps.setInt(4, generation);
                ps.setString(5, jwk.toPublicJWK().toJSONString());
                ps.setString(6, encryption.seal(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), context(kid)));
                ps.setObject(7, now());
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                LOG.info("Another node created {} key generation {} first", alg, generation);
                return kid;
            }
            throw e;
        }
        return kid;
    }

    private Snapshot load() {
        Instant horizon = clock.instant().minus(retention);
        Map<String, SigningKey> active = new LinkedHashMap<>();
        Map<String, Key> published = new LinkedHashMap<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT kid, alg, generation, public_jwk, private_jwk_sealed, retired_at FROM gh_signing_key"
                        + " WHERE org_id = ? AND (retired_at IS NULL OR retired_at > ?) ORDER BY alg, generation")) {
            ps.setString(1, ROOT_ORG);
            ps.setObject(2, OffsetDateTime.ofInstant(horizon, ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kid = rs.getString(1);
                    Key key = new Key(kid, rs.getString(2), rs.getInt(3), JWK.parse(rs.getString(4)));
                    published.put(kid, key);
                    if (rs.getObject(6) == null) {
                        // the newest unretired generation wins (ORDER BY generation)
                        JWK privateJwk;
                        try {
                            privateJwk = JWK.parse(new String(encryption.open(rs.getString(5), context(kid)), StandardCharsets.UTF_8));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalStateException("Cannot open signing key " + kid + " stored in the database: this node's master key"
                                    + " is not the one that sealed it. Nodes that share a database must share the master key"
                                    + " (GATEHOUSE_MASTER_KEY, or the same etc/gatehouse-master.key)", e);
                        }
                        active.put(key.alg, new ActiveKey(key, signer(privateJwk, key.alg)));
                    }
                }
            }
        } catch (SQLException | ParseException e) {
            throw new IllegalStateException("Cannot load the signing keys", e);
        }
        return new Snapshot(active, published, clock.instant());
    }

    /** Signs a JWS signing input; returns the signature in JWS form. */
    interface RawSigner {
        byte[] sign(byte[] input) throws JOSEException;
    }

    /** Checks a JWS signature. Built once per published key: verifiers are not free to construct. */
    interface RawVerifier {
        boolean verify(byte[] input, byte[] signature) throws JOSEException;
    }

    /** The keys are the ones this service generates: Ed25519, P-256 or RSA. */
    private RawSigner signer(JWK jwk, String alg) {
        try {
            if (jwk instanceof OctetKeyPair okp) {
                return Ed25519Keys.signer(okp);
            }
            if (jwk instanceof ECKey ec) {
                return Es256Keys.signer(ec);
            }
            JWSSigner signer = new RSASSASigner((RSAKey) jwk);
            JWSHeader header = new JWSHeader(JWSAlgorithm.parse(alg));
            return input -> signer.sign(header, input).decode();
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalStateException("Unusable signing key " + jwk.getKeyID(), e);
        }
    }

    static RawVerifier verifier(JWK publicJwk, String alg) {
        try {
            if (publicJwk instanceof OctetKeyPair okp) {
                return Ed25519Keys.verifier(okp);
            }
            if (publicJwk instanceof ECKey ec) {
                return Es256Keys.verifier(ec);
            }
            JWSVerifier verifier = new RSASSAVerifier((RSAKey) publicJwk);
            JWSHeader header = new JWSHeader(JWSAlgorithm.parse(alg));
            return (input, signature) -> verifier.verify(header, input, Base64URL.encode(signature));
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalStateException("Unusable public key " + publicJwk.getKeyID(), e);
        }
    }

    private static String context(String kid) {
        return "gh_signing_key/" + kid;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void run(String sql, Binder binder) {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Signing key update failed: " + e.getMessage(), e);
        }
    }

    private record Snapshot(Map<String, SigningKey> active, Map<String, Key> published, Instant loadedAt) {}

    private record Key(String kid, String alg, int generation, JWK publicJwk, RawVerifier verifier) {
        Key(String kid, String alg, int generation, JWK publicJwk) {
            this(kid, alg, generation, publicJwk, SigningKeyService.verifier(publicJwk, alg));
        }
    }

    private record ActiveKey(Key key, RawSigner signer) implements SigningKey {
        @Override
        public String keyId() {
            return key.kid;
        }

        @Override
        public String algorithm() {
            return key.alg;
        }

        @Override
        public byte[] sign(byte[] signingInput) {
            try {
                return signer.sign(signingInput);
            } catch (JOSEException e) {
                throw new IllegalStateException("Signing with " + key.kid + " failed", e);
            }
        }
    }
}
