package org.gatehouse.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

class P256GeneratorMultiplierTest {

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
    private static final P256GeneratorMultiplier WINDOWED = new P256GeneratorMultiplier(P256);

    private static ECPoint reference(BigInteger k) {
        return new FixedPointCombMultiplier().multiply(P256.getG(), k).normalize();
    }

    @Test
    void agreesWithBouncyCastlesCombOnEdgesAndRandomScalarsWithoutFallingBack() {
        BigInteger n = P256.getN();
        List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(15),
                BigInteger.valueOf(16), BigInteger.valueOf(17), n.subtract(BigInteger.ONE), n.subtract(BigInteger.TWO),
                BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(128),
                // around the 6-bit digits: 63 and 64 (one window), 65 and 127 (a carry into the next), the last window's range
                BigInteger.valueOf(63), BigInteger.valueOf(64), BigInteger.valueOf(65), BigInteger.valueOf(127), BigInteger.valueOf(128),
                BigInteger.ONE.shiftLeft(252), BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(252).add(BigInteger.ONE),
                n.subtract(BigInteger.valueOf(63)), n.subtract(BigInteger.valueOf(64)), n.shiftRight(1), n.shiftRight(1).add(BigInteger.ONE)));
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2000; i++) {
            BigInteger k = new BigInteger(256, random).mod(n);
            scalars.add(k.signum() == 0 ? BigInteger.ONE : k);
        }
        // the one valid scalar whose last addition is a doubling (partial sum - last entry = -n): the general method's
        BigInteger doubling = BigInteger.valueOf(15).shiftLeft(253).subtract(n);
        scalars.add(doubling);
        List<BigInteger> fellBack = new ArrayList<>();
        P256GeneratorMultiplier windowed = new P256GeneratorMultiplier(P256, (p, k) -> {
            fellBack.add(k);
            return new FixedPointCombMultiplier().multiply(p, k);
        });
        for (BigInteger k : scalars) {
            assertThat(windowed.multiply(P256.getG(), k).normalize()).as("k = %s", k.toString(16)).isEqualTo(reference(k));
        }
        assertThat(fellBack).as("scalars left to the general method").containsExactly(doubling);
    }

    @Test
    void otherPointsAndScalarsAreLeftToTheGeneralMethod() {
        ECPoint other = reference(BigInteger.valueOf(12345));
        BigInteger k = new BigInteger("123456789abcdef", 16);
        assertThat(WINDOWED.multiply(other, k).normalize()).isEqualTo(new FixedPointCombMultiplier().multiply(other, k).normalize());
        assertThat(WINDOWED.multiply(P256.getG(), P256.getN()).isInfinity()).isTrue();
    }

    /** RFC 6979 A.2.5: P-256, SHA-256, message "sample": the deterministic signature, bit for bit. */
    @Test
    void es256SignaturesAreTheDeterministicOnesOfRfc6979() throws Exception {
        BigInteger x = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
        ECPoint q = reference(x);
        ECKey key = new ECKey.Builder(Curve.P_256, Base64URL.encode(BigIntegers.asUnsignedByteArray(32, q.getAffineXCoord().toBigInteger())),
                Base64URL.encode(BigIntegers.asUnsignedByteArray(32, q.getAffineYCoord().toBigInteger())))
                .d(Base64URL.encode(BigIntegers.asUnsignedByteArray(32, x))).build();
        byte[] signature = Es256Keys.signer(key).sign("sample".getBytes(StandardCharsets.US_ASCII));
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32)).toString(16).toUpperCase())
                .isEqualTo("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716");
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64)).toString(16).toUpperCase())
                .isEqualTo("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
        assertThat(Es256Keys.verifier(key.toPublicJWK()).verify("sample".getBytes(StandardCharsets.US_ASCII), signature)).isTrue();
    }
}
