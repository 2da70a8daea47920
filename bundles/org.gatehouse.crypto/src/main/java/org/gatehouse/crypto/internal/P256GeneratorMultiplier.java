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
 * k·G for the P-256 generator G, the multiplication every ES256 signature makes, about twice as
 * fast as BouncyCastle's comb: no doublings at all. The scalar is written in 43 signed odd digits
 * of 6 bits, k = Σ d_i·64^i with d_i ∈ {±1, ±3, …, ±63} (the last one positive, at most 31), and
 * for every position i a table holds
 * d·64^i·G for the 32 positive digits; a negative digit's entry is negated after the lookup. The
 * 43 entries are then summed: first in 21 pairs in affine coordinates, sharing one inversion
 * (Montgomery's trick), then the 22 points into a running sum in Jacobian coordinates (mixed
 * additions). Nothing here branches on k or indexes memory by it: the digits are read from the
 * scalar's bits with word arithmetic, every digit is non-zero (no skipped addition), each table
 * is read in full for every lookup (a masked read of all 32 entries), the negation is a masked
 * select, and the additions run the same field operations whatever the digits. (Within a field
 * operation, BouncyCastle's subtraction and reduction branch on their carries, as they do in its
 * own comb.) An even k is first made odd by adding n, which
 * does not change k·G. The tables (1,376 points, 88 KB) are computed once, from the curve's
 * constants.
 *
 * <p>Why these sizes (measured here, µs per k·G): 4-bit windows with both signs in the table and
 * 64 mixed additions ~63; 6-bit windows with the sign applied after the lookup ~46; the pairs
 * first ~42 (a pair's affine addition costs about half a mixed addition, and one inversion more).
 * 7-bit windows were about as fast as 6 with tables twice as large, 8 bits slower again (the
 * lookups, which must read every entry, outgrow the additions they save). The tables hold two
 * coordinate words per long, halving the masked reads.
 *
 * <p>Field arithmetic is BouncyCastle's for P-256, on int arrays, in place: its point objects
 * allocate a dozen arrays per addition. (Field arithmetic on 64-bit limbs, with
 * {@code Math.multiplyHigh} and carries computed by hand, was measured slower than its 32-bit
 * limbs on Java 17.)
 */
final class P256GeneratorMultiplier implements ECMultiplier {

    private static final int WINDOW_BITS = 6;
    /** The positive odd digits 1, 3, …, 63. */
    private static final int ENTRIES = 1 << (WINDOW_BITS - 1);
    /**
     * Scalars w below 2^257 (k < 2^256, plus n when even): 42 digits of 6 bits, and a last,
     * positive digit ((w - d) / 64 is 2·⌊w / 128⌋ + 1, so 42 steps leave 2·⌊w / 2^253⌋ + 1 ≤ 31).
     */
    private static final int WINDOWS = 43;
    /** Entries added pairwise in affine coordinates before the running sum: 0 and 1, 2 and 3, …, 40 and 41. */
    private static final int PAIRS = WINDOWS / 2;
    /** 288 bits: k + n, and seven-bit reads up to bit 258. */
    private static final int WORDS = 9;
    /** Coordinates of one affine point: x then y, four longs (eight 32-bit field words) each. */
    private static final int POINT_LONGS = 8;

    private final ECCurve curve;
    private final ECPoint generator;
    private final int[] order;
    /** Per window, its entries' affine coordinates, one after the other: entry j holds (2j + 1)·64^i·G. */
    private final long[][] tables = new long[WINDOWS][ENTRIES * POINT_LONGS];
    private final ECMultiplier fallback;

    P256GeneratorMultiplier(X9ECParameters curve) {
        this(curve, new FixedPointCombMultiplier());
    }

    /** @param fallback for other points, and for the scalars the formulas here do not cover */
    P256GeneratorMultiplier(X9ECParameters curve, ECMultiplier fallback) {
        this.fallback = fallback;
        ECCurve c = curve.getCurve();
        this.curve = c;
        this.generator = curve.getG().normalize();
        this.order = Nat.fromBigInteger(WORDS * 32, curve.getN());
        ECPoint base = generator;
        for (int i = 0; i < WINDOWS; i++) {
            ECPoint twice = base.twice();
            ECPoint[] multiples = new ECPoint[ENTRIES];
            ECPoint odd = base;
            for (int j = 0; j < ENTRIES; j++) {
                multiples[j] = odd;
                odd = odd.add(twice);
            }
            c.normalizeAll(multiples);
            for (int j = 0; j < ENTRIES; j++) {
                pack(SecP256R1Field.fromBigInteger(multiples[j].getAffineXCoord().toBigInteger()), tables[i], j * POINT_LONGS);
                pack(SecP256R1Field.fromBigInteger(multiples[j].getAffineYCoord().toBigInteger()), tables[i], j * POINT_LONGS + 4);
            }
            ECPoint next = base;
            for (int t = 0; t < WINDOW_BITS; t++) {
                next = next.twice();
            }
            base = next.normalize();
        }
    }

    private static void pack(int[] words, long[] into, int at) {
        for (int m = 0; m < 4; m++) {
            into[at + m] = (words[2 * m] & 0xffffffffL) | ((long) words[2 * m + 1] << 32);
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
        int[][] xs = new int[WINDOWS][];
        int[][] ys = new int[WINDOWS][];
        for (int i = 0; i < WINDOWS; i++) {
            // Signed odd digits of an odd w: d_i = t_i mod 128 - 64 with t_0 = w and t_(i+1) = (t_i - d_i) / 64, which is
            // 2·⌊t_i / 128⌋ + 1 = (t_i >>> 6) | 1, so t_i is (w >>> 6i) | 1 and d_i comes from seven bits of w. The last
            // t, (w >>> 252) | 1 ≤ 31, is the last digit itself.
            int t = sevenBits(w, WINDOW_BITS * i) | 1;
            int digit = i < WINDOWS - 1 ? t - (1 << WINDOW_BITS) : t;
            int negative = digit >> 31; // all ones for a negative digit
            int magnitude = (digit ^ negative) - negative;
            xs[i] = Nat256.create();
            ys[i] = Nat256.create();
            lookup(tables[i], magnitude >>> 1, negative, xs[i], ys[i]); // entry (|d| - 1) / 2
        }
        if (!addPairs(xs, ys)) {
            return fallback.multiply(p, k);
        }
        // the pairs' sums at the even places, and the last entry (place 42)
        Jacobian sum = new Jacobian(xs[0], ys[0]);
        for (int i = 2; i < WINDOWS; i += 2) {
            if (!sum.add(xs[i], ys[i])) {
                // the sum met ± the addend, where the formula does not hold: only at the last addition (the partial sums
                // before it are odd multiples below 2^252), for k = n or k = 15·2^253 - n; the general method answers
                return fallback.multiply(p, k);
            }
        }
        return sum.toAffinePoint(curve);
    }

    /** Bits {@code at} to {@code at + 6} of w (at most bit 258, inside its nine words). */
    private static int sevenBits(int[] w, int at) {
        int word = at >>> 5;
        long two = (w[word] & 0xffffffffL) | ((long) w[word + 1] << 32);
        return (int) (two >>> (at & 31)) & 0x7f;
    }

    /** Reads entry {@code index} of a table into x and y, touching every entry alike, negated when {@code negate} is all ones. */
    private static void lookup(long[] table, int index, int negate, int[] x, int[] y) {
        long x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        for (int j = 0; j < ENTRIES; j++) {
            long mask = ((j ^ index) - 1) >> 31; // all ones when j == index, else 0
            int at = j * POINT_LONGS;
            x0 |= table[at] & mask;
            x1 |= table[at + 1] & mask;
            x2 |= table[at + 2] & mask;
            x3 |= table[at + 3] & mask;
            y0 |= table[at + 4] & mask;
            y1 |= table[at + 5] & mask;
            y2 |= table[at + 6] & mask;
            y3 |= table[at + 7] & mask;
        }
        unpack(x0, x, 0);
        unpack(x1, x, 2);
        unpack(x2, x, 4);
        unpack(x3, x, 6);
        unpack(y0, y, 0);
        unpack(y1, y, 2);
        unpack(y2, y, 4);
        unpack(y3, y, 6);
        int[] minusY = Nat256.create();
        SecP256R1Field.negate(y, minusY); // p - y: y is never 0, P-256 has no point of order 2
        for (int m = 0; m < 8; m++) {
            y[m] = (y[m] & ~negate) | (minusY[m] & negate);
        }
    }

    private static void unpack(long words, int[] into, int at) {
        into[at] = (int) words;
        into[at + 1] = (int) (words >>> 32);
    }

    /**
     * Replaces entry 2j by the affine sum of entries 2j and 2j + 1, for the 21 pairs: an affine addition is two
     * multiplications, a squaring and a share of one inversion (Montgomery's trick: one inversion for all 21
     * denominators, three multiplications each), about half a mixed addition's 8 multiplications and 3 squarings.
     *
     * @return false if two entries of a pair share their x (their digits sit in different windows, so they cannot)
     */
    private static boolean addPairs(int[][] xs, int[][] ys) {
        int[] tt = Nat256.createExt();
        int[][] dx = new int[PAIRS][];
        int[][] prefix = new int[PAIRS][];
        for (int j = 0; j < PAIRS; j++) {
            dx[j] = Nat256.create();
            SecP256R1Field.subtract(xs[2 * j + 1], xs[2 * j], dx[j]);
            prefix[j] = Nat256.create();
            if (j == 0) {
                Nat256.copy(dx[0], prefix[0]);
            } else {
                SecP256R1Field.multiply(prefix[j - 1], dx[j], prefix[j], tt);
            }
        }
        if (SecP256R1Field.isZero(prefix[PAIRS - 1]) != 0) {
            return false;
        }
        int[] inverse = Nat256.create();
        SecP256R1Field.inv(prefix[PAIRS - 1], inverse);   // 1 / (dx_0 · … · dx_20)
        int[] lambda = Nat256.create();
        int[] t = Nat256.create();
        int[] sumX = Nat256.create();
        for (int j = PAIRS - 1; j >= 0; j--) {
            int[] a = xs[2 * j], b = xs[2 * j + 1], ay = ys[2 * j], by = ys[2 * j + 1];
            if (j > 0) {
                SecP256R1Field.multiply(inverse, prefix[j - 1], t, tt);  // 1 / dx_j
                SecP256R1Field.multiply(inverse, dx[j], inverse, tt);    // 1 / (dx_0 · … · dx_(j-1))
            } else {
                Nat256.copy(inverse, t);
            }
            SecP256R1Field.subtract(by, ay, lambda);
            SecP256R1Field.multiply(lambda, t, lambda, tt);             // λ = (y_b - y_a) / (x_b - x_a)
            SecP256R1Field.square(lambda, sumX, tt);
            SecP256R1Field.subtract(sumX, a, sumX);
            SecP256R1Field.subtract(sumX, b, sumX);                     // x = λ² - x_a - x_b
            SecP256R1Field.subtract(a, sumX, t);
            SecP256R1Field.multiply(lambda, t, t, tt);
            SecP256R1Field.subtract(t, ay, t);                          // y = λ·(x_a - x) - y_a
            Nat256.copy(sumX, xs[2 * j]);
            Nat256.copy(t, ys[2 * j]);
        }
        return true;
    }

    /** The running sum, a point in Jacobian coordinates (x = X/Z², y = Y/Z³), added to in place, and scratch space. */
    private static final class Jacobian {
        final int[] x = Nat256.create();
        final int[] y = Nat256.create();
        final int[] z = Nat256.create();
        final int[] t1 = Nat256.create();
        final int[] t2 = Nat256.create();
        final int[] t3 = Nat256.create();
        final int[] t4 = Nat256.create();
        final int[] tt = Nat256.createExt();

        /** The affine point (ax, ay). */
        Jacobian(int[] ax, int[] ay) {
            Nat256.copy(ax, x);
            Nat256.copy(ay, y);
            z[0] = 1;
        }

        /**
         * Adds the affine point (ax, ay) (mixed addition, 8 multiplications and 3 squarings).
         *
         * @return false when its x equals the sum's, where the formula does not hold (doubling, or the infinity)
         */
        boolean add(int[] ax, int[] ay) {
            SecP256R1Field.square(z, t1, tt);               // Z1²
            SecP256R1Field.multiply(t1, z, t2, tt);         // Z1³
            SecP256R1Field.multiply(t1, ax, t1, tt);        // U2 = x2·Z1²
            SecP256R1Field.multiply(t2, ay, t2, tt);        // S2 = y2·Z1³
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
