package org.gatehouse.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.raw.Nat;

/**
 * k·G for the P-256 generator G, the multiplication every ES256 signature makes, about 1.5 times
 * as fast as BouncyCastle's comb: no doublings at all. The scalar is written in 65 signed odd
 * digits of 4 bits, k = Σ d_i·16^i with d_i ∈ {±1, ±3, …, ±15}, and for every position i a table
 * holds d·16^i·G for all sixteen digits, so k·G is 64 additions of table entries (affine, so the
 * cheaper mixed addition). Constant time in k: the digits are computed with word arithmetic only,
 * every digit is non-zero (no skipped addition), and each table is read in full for every lookup
 * (BouncyCastle's cache-safe lookup table). An even k is first made odd by adding n, which does not
 * change k·G. The tables (1,040 points, ~70 KB) are computed once, from the curve's constants.
 */
final class P256GeneratorMultiplier implements ECMultiplier {

    private static final int WINDOW_BITS = 4;
    private static final int ENTRIES = 1 << WINDOW_BITS;
    /** 257-bit scalars (k + n < 2n) in 64 digits of 4 bits and a last digit of 1 or 3. */
    private static final int WINDOWS = 65;
    /** 288 bits: room for k + n and for the borrow of a negative digit. */
    private static final int WORDS = 9;

    private final ECPoint generator;
    private final int[] order;
    private final ECLookupTable[] tables = new ECLookupTable[WINDOWS];
    private final ECMultiplier fallback = new FixedPointCombMultiplier();

    P256GeneratorMultiplier(X9ECParameters curve) {
        ECCurve c = curve.getCurve();
        this.generator = curve.getG().normalize();
        this.order = Nat.fromBigInteger(WORDS * 32, curve.getN());
        ECPoint base = generator;
        for (int i = 0; i < WINDOWS; i++) {
            ECPoint twice = base.twice();
            ECPoint[] entries = new ECPoint[ENTRIES];
            ECPoint odd = base;
            for (int j = 0; j < ENTRIES / 2; j++) {
                // entry (d + 15) / 2 holds d·base: the positive odd multiples above the middle, their negations below
                entries[ENTRIES / 2 + j] = odd;
                entries[ENTRIES / 2 - 1 - j] = odd.negate();
                odd = odd.add(twice);
            }
            c.normalizeAll(entries);
            tables[i] = c.createCacheSafeLookupTable(entries, 0, ENTRIES);
            ECPoint next = base;
            for (int t = 0; t < WINDOW_BITS; t++) {
                next = next.twice();
            }
            base = next.normalize();
        }
    }

    @Override
    public ECPoint multiply(ECPoint p, BigInteger k) {
        if (!p.equals(generator) || k.signum() <= 0 || k.bitLength() > 256) {
            return fallback.multiply(p, k); // not what this class is for; the general method answers
        }
        int[] w = Nat.fromBigInteger(WORDS * 32, k);
        // w = k + n when k is even (mask all ones), else k: odd either way, and w·G = k·G
        int mask = (w[0] & 1) - 1;
        long carry = 0;
        for (int j = 0; j < WORDS; j++) {
            carry += (w[j] & 0xffffffffL) + (order[j] & mask & 0xffffffffL);
            w[j] = (int) carry;
            carry >>>= 32;
        }
        ECPoint r = null;
        for (int i = 0; i < WINDOWS; i++) {
            int digit;
            if (i < WINDOWS - 1) {
                // w odd: its low five bits less 16 is an odd digit in [-15, 15], and (w - digit) / 16 is odd again
                digit = (w[0] & 31) - 16;
                long s = (w[0] & 0xffffffffL) - digit;
                w[0] = (int) s;
                s >>= 32;
                for (int j = 1; j < WORDS; j++) {
                    s += w[j] & 0xffffffffL;
                    w[j] = (int) s;
                    s >>= 32;
                }
                for (int j = 0; j < WORDS - 1; j++) {
                    w[j] = (w[j] >>> WINDOW_BITS) | (w[j + 1] << (32 - WINDOW_BITS));
                }
                w[WORDS - 1] >>>= WINDOW_BITS;
            } else {
                digit = w[0]; // 1 or 3: what is left of a scalar below 2n
            }
            ECPoint add = tables[i].lookup((digit + ENTRIES - 1) >> 1);
            r = r == null ? add : r.add(add);
        }
        return r;
    }
}
