package org.gatehouse.crypto.internal;

import com.nimbusds.jose.jwk.ECKey;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 (ECDSA on P-256 with SHA-256, RFC 7518 §3.4) with BouncyCastle's lightweight API.
 *
 * <p>Why not a JCA {@code Signature}: the provider lookup, key translation and DER encoding around
 * each call cost half as much again as the curve arithmetic (~0.15 ms instead of ~0.10 ms per
 * signature measured here), and token issuance is bound by signing. The curve is BouncyCastle's
 * custom P-256 implementation; k·G, most of a signature's cost, is {@link P256GeneratorMultiplier}
 * (tables built once per process). Nonces are deterministic (RFC 6979), so signers share no random
 * source.
 */
final class Es256Keys {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(P256);
    /** The generator's tables, a constant of the curve, computed once per process. */
    private static final ECMultiplier GENERATOR = new P256GeneratorMultiplier(P256);
    private static final int FIELD_BYTES = 32;

    private Es256Keys() {}

    static boolean isP256(ECKey key) {
        return com.nimbusds.jose.jwk.Curve.P_256.equals(key.getCurve());
    }

    /** @param key a P-256 private JWK */
    static SigningKeyService.RawSigner signer(ECKey key) {
        ECPrivateKeyParameters privateKey = new ECPrivateKeyParameters(key.getD().decodeToBigInteger(), DOMAIN);
        return input -> {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())) {
                @Override
                protected ECMultiplier createBasePointMultiplier() {
                    return GENERATOR;
                }
            };
            signer.init(true, privateKey);
            BigInteger[] rs = signer.generateSignature(sha256(input));
            byte[] signature = new byte[2 * FIELD_BYTES];
            BigIntegers.asUnsignedByteArray(rs[0], signature, 0, FIELD_BYTES);
            BigIntegers.asUnsignedByteArray(rs[1], signature, FIELD_BYTES, FIELD_BYTES);
            return signature;
        };
    }

    /** @param key a P-256 public JWK; its point is validated (on the curve, right order) here */
    static SigningKeyService.RawVerifier verifier(ECKey key) {
        ECPublicKeyParameters publicKey = new ECPublicKeyParameters(
                DOMAIN.getCurve().createPoint(key.getX().decodeToBigInteger(), key.getY().decodeToBigInteger()), DOMAIN);
        return (input, signature) -> {
            // JWS form: R || S, each exactly 32 bytes (a DER-encoded signature is refused, as RFC 7518 requires)
            if (signature.length != 2 * FIELD_BYTES) {
                return false;
            }
            BigInteger r = BigIntegers.fromUnsignedByteArray(signature, 0, FIELD_BYTES);
            BigInteger s = BigIntegers.fromUnsignedByteArray(signature, FIELD_BYTES, FIELD_BYTES);
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, publicKey);
            return verifier.verifySignature(sha256(input), r, s); // refuses r or s outside [1, n-1]
        };
    }

    private static byte[] sha256(byte[] input) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(input, 0, input.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return hash;
    }
}
