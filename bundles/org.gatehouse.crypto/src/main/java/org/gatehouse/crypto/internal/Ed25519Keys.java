package org.gatehouse.crypto.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * EdDSA (Ed25519, RFC 8037) with BouncyCastle's lightweight API: Nimbus's own Ed25519 classes need
 * Google Tink, which is not an OSGi bundle. Ed25519 is also the cheapest signature here (~0.03 ms).
 */
final class Ed25519Keys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ed25519Keys() {}

    static OctetKeyPair generate(String kid) {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        byte[] d = ((Ed25519PrivateKeyParameters) pair.getPrivate()).getEncoded();
        byte[] x = ((Ed25519PublicKeyParameters) pair.getPublic()).getEncoded();
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).d(Base64URL.encode(d))
                .keyID(kid).algorithm(JWSAlgorithm.EdDSA).keyUse(KeyUse.SIGNATURE).build();
    }

    /** Key parameters decoded once: a fresh private-key object would derive its public key again at every signature. */
    static SigningKeyService.RawSigner signer(OctetKeyPair key) {
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(key.getDecodedD(), 0);
        privateKey.generatePublicKey();
        return input -> {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, privateKey);
            signer.update(input, 0, input.length);
            return signer.generateSignature();
        };
    }

    static SigningKeyService.RawVerifier verifier(OctetKeyPair key) {
        Ed25519PublicKeyParameters publicKey = new Ed25519PublicKeyParameters(key.getDecodedX(), 0);
        return (input, signature) -> {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, publicKey);
            verifier.update(input, 0, input.length);
            return verifier.verifySignature(signature);
        };
    }
}
