package dev.tensorj.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * e^x, tanh and the logistic sigmoid on double vector lanes from multiply-adds alone, for the elementwise kernels that
 * compute in double and round once to float ({@link VectorKernels#inDouble}). The Vector API's own {@code EXP} and
 * {@code TANH} on double lanes are SVML stubs on AVX-512 machines but ran the Java fallback on an AVX2 one (Zen 3,
 * JDK 25: {@code TANH} 40-65 ns per element, slower than a scalar loop of {@code Math.tanh}); these run at the speed
 * of their arithmetic on both.
 *
 * <h2>The one kernel: e^y - 1</h2>
 * <pre>
 *   k = round(y / ln 2),   r = y - k ln 2   (|r| &lt;= ln 2 / 2; ln 2 split in two parts, so k ln2_hi is exact)
 *   e^r - 1 = r + r²/2! + ... + r^13/13!    (Taylor; the first missing term is below 2^-55 of the sum)
 *   e^y - 1 = 2^k (e^r - 1) + (2^k - 1)     (k = 0, |y| &lt;= 0.35: the polynomial alone, so no cancellation near 0)
 *   e^y     = 2^k (e^r - 1) + 2^k
 * </pre>
 * 2^k is built in the exponent bits: adding 1.5 · 2^52 to y / ln 2 rounds it to an integer k held in the low bits of
 * the sum, and (those bits + 1023) shifted left by 52 are the double 2^k, for -1022 &lt;= k &lt;= 1023. Each result
 * is within a few units in the last place of a double, so rounded to float it is the float nearest the exact value
 * except within a few double ulps of a point halfway between two floats: the conformance tests compare a million
 * floats per op with the reference's {@code (float) Math.f(x)}, and a probe found no difference in 16.7 million per
 * op (random bit patterns, normal values at scales 1 to 30 and 1e-5, and the special values).
 *
 * <h2>The ops</h2>
 * tanh |x| = -(e^{-2|x|} - 1) / (2 + (e^{-2|x|} - 1)) with the sign of x (also for -0); sigmoid x = 1 / (1 + e) for
 * x &gt;= 0 and e / (1 + e) below, with e = e^{-|x|}, as {@code UnaryOp.SIGMOID} writes it. Arguments are clamped
 * where the float result no longer changes (|x| &gt; 20 for tanh, 200 for sigmoid; e^x below -110 and above 100), which
 * keeps k in range; NaN passes through every step, with the input's sign and payload as in the reference.
 */
final class DoubleLaneMath {
    private static final double LOG2E = 1.4426950408889634;            // 1 / ln 2
    private static final double LN2_HI = 6.93147180369123816490e-01;    // ln 2 with its low 21 bits zero: k LN2_HI is exact
    private static final double LN2_LO = 1.90821492927058770002e-10;    // ln 2 - LN2_HI
    private static final double ROUNDER = 0x1.8p52;                     // adding it rounds to an integer, kept in the low bits

    private DoubleLaneMath() {
    }

    /** e^y on every lane, for y in [-700, 700] (the callers clamp). */
    static DoubleVector exp(DoubleVector y) {
        DoubleVector shifted = y.fma(LOG2E, ROUNDER);
        DoubleVector k = shifted.sub(ROUNDER);
        DoubleVector twoK = twoToThe(shifted);
        return expm1Reduced(y, k).fma(twoK, twoK);
    }

    /** e^y - 1 on every lane, accurate near 0, for y in [-700, 700]. */
    static DoubleVector expm1(DoubleVector y) {
        DoubleVector shifted = y.fma(LOG2E, ROUNDER);
        DoubleVector k = shifted.sub(ROUNDER);
        DoubleVector twoK = twoToThe(shifted);
        return expm1Reduced(y, k).fma(twoK, twoK.sub(1.0));
    }

    /** tanh x on every lane. */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector m = expm1(x.abs().mul(-2.0).max(-40.0)); // e^{-2|x|} - 1, in (-1, 0]; |x| > 20 gives 1 after rounding
        DoubleVector t = m.neg().div(m.add(2.0)).abs(); // abs: +0 for x = +0 (m = +0 gives -0 / 2)
        VectorMask<Double> negative = x.reinterpretAsLongs().compare(VectorOperators.LT, 0L).cast(x.species()); // sign bit: -0 too
        return t.blend(t.neg(), negative);
    }

    /** The logistic sigmoid on every lane, 1 / (1 + e^-x), in {@code UnaryOp.SIGMOID}'s two branches. */
    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = exp(x.abs().neg().max(-200.0));
        DoubleVector numerator = e.blend(1.0, x.compare(VectorOperators.GE, 0.0));
        // a NaN lane returns x itself, as the reference's e^x / (1 + e^x) does: -|x| would have flipped its sign bit
        return numerator.div(e.add(1.0)).blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** e^x on every lane for float inputs: below -110 the float result is 0, above 100 it is infinite. */
    static DoubleVector expOfFloat(DoubleVector x) {
        return exp(x.max(-110.0).min(100.0));
    }

    /**
     * e^r - 1 for r = y - k ln 2 (Cody and Waite's two-part reduction), by the Taylor polynomial of degree 13:
     * r + r² p(r) with p(r) = 1/2! + r/3! + ... + r^11/13!, evaluated in Estrin's order (pairs, then pairs of pairs
     * with r², r⁴, r⁸) so that its multiply-adds form a tree four deep instead of a chain of eleven.
     */
    private static DoubleVector expm1Reduced(DoubleVector y, DoubleVector k) {
        DoubleVector r = y.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO)); // k LN2_HI is exact, and so is y minus it
        DoubleVector r2 = r.mul(r), r4 = r2.mul(r2), r8 = r4.mul(r4);
        DoubleVector q0 = pair(r, 1.0 / 2, 1.0 / 6), q1 = pair(r, 1.0 / 24, 1.0 / 120), q2 = pair(r, 1.0 / 720, 1.0 / 5040);
        DoubleVector q3 = pair(r, 1.0 / 40320, 1.0 / 362880), q4 = pair(r, 1.0 / 3628800, 1.0 / 39916800);
        DoubleVector q5 = pair(r, 1.0 / 479001600, 1.0 / 6227020800.0);
        DoubleVector low = q1.fma(r2, q0).add(q3.fma(r2, q2).mul(r4)), high = q5.fma(r2, q4);
        DoubleVector p = high.fma(r8, low);
        return p.fma(r2, r); // r + r² p(r)
    }

    /** a + b r on every lane. */
    private static DoubleVector pair(DoubleVector r, double a, double b) {
        return r.fma(r.broadcast(b), r.broadcast(a));
    }

    /** 2^k from y / ln 2 + 1.5 · 2^52, whose low bits hold the integer k: its exponent field set to k + 1023. */
    private static DoubleVector twoToThe(DoubleVector shifted) {
        LongVector bits = shifted.reinterpretAsLongs().add(1023L).lanewise(VectorOperators.LSHL, 52);
        return bits.reinterpretAsDoubles();
    }
}
