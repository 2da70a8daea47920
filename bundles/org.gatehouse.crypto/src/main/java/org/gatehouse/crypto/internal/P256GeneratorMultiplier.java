package org.gatehouse.crypto.internal;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.math.raw.Nat256;

/**
 * k·G for the P-256 generator G, the multiplication every ES256 signature makes, about 1.5 times
 * as fast as BouncyCastle's comb: no doublings at all. The scalar is written in 65 signed odd
 * digits of 4 bits, k = Σ d_i·16^i with d_i ∈ {±1, ±3, …, ±15}, and for every position i a table
 * holds d·16^i·G for all sixteen digits, so k·G is 64 additions of table entries (affine, so the
 * cheaper mixed addition). Constant time in k: the digits are computed with word arithmetic only,
 * every digit is non-zero (no skipped addition), and each table is read in full for every lookup
 * (a masked read of all sixteen entries). An even k is first made odd by adding n, which does not
 * change k·G. The tables (1,040 points, ~70 KB) are computed once, from the curve's constants.
 *
 * <p>The sum is kept in Jacobian coordinates in a few int arrays and added to in place with
 * BouncyCastle's P-256 field arithmetic: its point objects allocate a dozen arrays per addition,
 * ~30 KB per signature, a third of what a token refresh allocated.
 */
final class P256GeneratorMultiplier implements ECMultiplier {

    private static final int WINDOW_BITS = 4;
    private static final int ENTRIES = 1 << WINDOW_BITS;
    /** 257-bit scalars (k + n < 2n) in 64 digits of 4 bits and a last digit of 1 or 3. */
    private static final int WINDOWS = 65;
    /** 288 bits: room for k + n and for the borrow of a negative digit. */
    private static final int WORDS = 9;

    /** Coordinates of one affine point: x then y, eight words each. */
    private static final int POINT_WORDS = 16;

    private final ECCurve curve;
    private final ECPoint generator;
    private final int[] order;
    /** Per window, its sixteen entries' affine coordinates, one after the other. */
    private final int[][] tables = new int[WINDOWS][ENTRIES * POINT_WORDS];
    private final ECMultiplier fallback = new FixedPointCombMultiplier();

    P256GeneratorMultiplier(X9ECParameters curve) {
        ECCurve c = curve.getCurve();
        this.curve = c;
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
            for (int j = 0; j < ENTRIES; j++) {
                System.arraycopy(SecP256R1Field.fromBigInteger(entries[j].getAffineXCoord().toBigInteger()), 0, tables[i], j * POINT_WORDS, 8);
                System.arraycopy(SecP256R1Field.fromBigInteger(entries[j].getAffineYCoord().toBigInteger()), 0, tables[i], j * POINT_WORDS + 8, 8);
            }
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
        Jacobian sum = new Jacobian();
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
            sum.lookup(tables[i], (digit + ENTRIES - 1) >> 1);
            if (i == 0) {
                sum.setToEntry();
            } else if (!sum.addEntry()) {
                // the sum met ± the addend (the digits of k·G never do, but for k near n or 2n): the general method answers
                return fallback.multiply(p, k);
            }
        }
        return sum.toAffinePoint(curve);
    }

    /** A point in Jacobian coordinates (x = X/Z², y = Y/Z³), the entry read last, and scratch space. */
    private static final class Jacobian {
        final int[] x = Nat256.create();
        final int[] y = Nat256.create();
        final int[] z = Nat256.create();
        final int[] ex = Nat256.create();
        final int[] ey = Nat256.create();
        final int[] t1 = Nat256.create();
        final int[] t2 = Nat256.create();
        final int[] t3 = Nat256.create();
        final int[] t4 = Nat256.create();
        final int[] tt = Nat256.createExt();

        /** Reads entry {@code index} of a table, touching every entry alike. */
        void lookup(int[] table, int index) {
            Nat256.zero(ex);
            Nat256.zero(ey);
            for (int j = 0; j < ENTRIES; j++) {
                int mask = ((j ^ index) - 1) >> 31; // all ones when j == index, else 0
                int at = j * POINT_WORDS;
                for (int m = 0; m < 8; m++) {
                    ex[m] |= table[at + m] & mask;
                    ey[m] |= table[at + 8 + m] & mask;
                }
            }
        }

        void setToEntry() {
            Nat256.copy(ex, x);
            Nat256.copy(ey, y);
            Nat256.zero(z);
            z[0] = 1;
        }

        /**
         * Adds the affine entry (mixed addition, 8 multiplications and 3 squarings).
         *
         * @return false when the entry's x equals the sum's, where the formula does not hold (doubling, or the infinity)
         */
        boolean addEntry() {
            SecP256R1Field.square(z, t1, tt);               // Z1²
            SecP256R1Field.multiply(t1, z, t2, tt);         // Z1³
            SecP256R1Field.multiply(t1, ex, t1, tt);        // U2 = x2·Z1²
            SecP256R1Field.multiply(t2, ey, t2, tt);        // S2 = y2·Z1³
            SecP256R1Field.subtract(t1, x, t1);             // H = U2 - X1
            SecP256R1Field.subtract(t2, y, t2);             // R = S2 - Y1
            if (SecP256R1Field.isZero(t1) != 0) {
                return false;
            }
            SecP256R1Field.multiply(z, t1, z, tt);          // Z3 = Z1·H
            SecP256R1Field.square(t1, t3, tt);              // H²
            SecP256R1Field.multiply(t3, t1, t4, tt);        // H³
            SecP256R1Field.multiply(t3, x, t3, tt);         // V = X1·H²
            SecP256R1Field.square(t2, x, tt);               // R²
            SecP256R1Field.subtract(x, t4, x);
            SecP256R1Field.subtract(x, t3, x);
            SecP256R1Field.subtract(x, t3, x);              // X3 = R² - H³ - 2V
            SecP256R1Field.subtract(t3, x, t3);
            SecP256R1Field.multiply(t3, t2, t3, tt);        // R·(V - X3)
            SecP256R1Field.multiply(y, t4, t4, tt);         // Y1·H³
            SecP256R1Field.subtract(t3, t4, y);             // Y3 = R·(V - X3) - Y1·H³
            return true;
        }

        ECPoint toAffinePoint(ECCurve curve) {
            SecP256R1Field.inv(z, t1);                      // 1/Z
            SecP256R1Field.square(t1, t2, tt);              // 1/Z²
            SecP256R1Field.multiply(x, t2, t3, tt);
            SecP256R1Field.multiply(t2, t1, t2, tt);        // 1/Z³
            SecP256R1Field.multiply(y, t2, t4, tt);
            return curve.createPoint(Nat256.toBigInteger(t3), Nat256.toBigInteger(t4));
        }
    }
}
