package dev.tensorj.cpu;

import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FLOAT32 inner loops that the Vector API speeds up: contiguous arithmetic, ReLU, tanh, sigmoid,
 * exp and log, and the sums and maxima of reductions and softmax. Only touched when {@link Simd#AVAILABLE}; every method has a
 * plain-Java twin in the kernel that calls it, and the results agree exactly except for sums (see
 * {@link #sum}).
 */
final class VectorKernels {
    /**
     * The one vector shape of every kernel (also {@link GemmVectorKernel}, {@link GemmDotKernel},
     * {@link VectorLstmCell}, {@link WinogradVectorTransforms}), chosen once per JVM: 512 bits (16 floats)
     * with AVX-512, else 256 bits (8 floats). Mixing 256- and 512-bit vectors in one JVM pollutes the
     * type profiles of the Vector API's shared methods, and C2 then stops intrinsifying them: on an
     * AVX-512 machine the GEMM's fma fell back to the Java implementation and a conv layer's backward
     * ran 10-20x slower. So every kernel reads this one constant, and nothing else picks a shape.
     */
    static final VectorSpecies<Float> SPECIES = chooseSpecies();
    /** Doubles in the same shape (half as many lanes), for the ops the reference computes in double. */
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SPECIES.vectorShape());
    private static final int LANES = SPECIES.length();
    /** The lanes of a float vector that the first half of a narrowed double pair fills. */
    private static final VectorMask<Float> LOW_HALF = VectorMask.fromLong(SPECIES, (1L << DOUBLES.length()) - 1);
    /** Floats per block of {@link #inDouble}: 4 KiB of doubles, in L1 between its passes. */
    private static final int IN_DOUBLE_BLOCK = 512;
    /** Elements summed in float lanes before the partial total moves to a double (bounds the rounding error). */
    private static final int SUM_BLOCK = 1024;

    private VectorKernels() {
    }

    static int lanes() {
        return LANES;
    }

    /**
     * The machine's preferred shape (512 bits where AVX-512 is available, else 256), or the one that
     * {@code -Dtensorj.simd=256|512} asks for (see {@link Simd}). Never narrower than 256 bits: the register tiles
     * of the GEMM kernels are laid out for at least 8 lanes.
     */
    private static VectorSpecies<Float> chooseSpecies() {
        return switch (Simd.setting()) {
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;
        };
    }

    /** Whether {@link #binary} handles this op. */
    static boolean supports(BinaryOp op) {
        return VectorBinary.supports(op);
    }

    /**
     * o[po + i] = a[pa + i * sa] op b[pb + i * sb] for i &lt; n, where sa and sb are 0 (a broadcast
     * scalar) or 1 (contiguous).
     */
    static void binary(BinaryOp op, int n, float[] o, int po, float[] a, int pa, int sa, float[] b, int pb, int sb) {
        int i = sa == 0 && sb == 0 ? 0 : VectorBinary.run(op, SPECIES.loopBound(n), o, po, a, pa, sa, b, pb, sb);
        for (; i < n; i++) o[po + i] = (float) op.apply(a[pa + i * sa], b[pb + i * sb]);
    }

    /**
     * o[po + i] = x &gt; 0 ? x : (float) (alpha * x), the product taken in double and rounded once, as
     * {@code UnaryOp.LEAKY_RELU} and the reference do, so the result is the same bit for bit: each half of
     * the float lanes is widened to doubles (exact), multiplied, and narrowed back. The scalar loop it
     * replaces branched on the sign of every element and ran at 3.6 ns per element on random data.
     */
    static void leakyRelu(int n, float[] o, int po, float[] x, int px, double alpha) {
        int bound = SPECIES.loopBound(n), half = DOUBLES.length();
        VectorMask<Float> lowHalf = VectorMask.fromLong(SPECIES, (1L << half) - 1);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            DoubleVector low = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector high = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1);
            FloatVector scaledLow = (FloatVector) low.mul(alpha).convertShape(VectorOperators.D2F, SPECIES, 0);   // lanes [0, half)
            FloatVector scaledHigh = (FloatVector) high.mul(alpha).convertShape(VectorOperators.D2F, SPECIES, -1); // lanes [half, 2 half)
            scaledHigh.blend(scaledLow, lowHalf).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, po + i);
        }
        for (; i < n; i++) {
            float v = x[px + i];
            o[po + i] = v > 0 ? v : (float) (alpha * v);
        }
    }

    /** Whether {@link #inDouble} handles this op. */
    static boolean supportsInDouble(UnaryOp op) {
        return op == UnaryOp.TANH || op == UnaryOp.SIGMOID || op == UnaryOp.EXP || op == UnaryOp.LOG;
    }

    /**
     * o[po + i] = (float) op(x[px + i]) for tanh, sigmoid, exp and log on contiguous rows, computed in double and
     * rounded once, as {@code UnaryOp.apply} and the reference do: a block of floats is widened to doubles (exact),
     * the op runs on double lanes, and the block is narrowed back. Rounded to float, those doubles give the
     * reference's floats bit for bit (a conformance test compares a million values per op, special values included),
     * where float lanes differed by 1 ulp on 1 % of them. tanh, sigmoid and exp come from {@link DoubleLaneMath}
     * (multiply-adds only), log from the Vector API's {@code LOG} (the JDK's SVML stub where it has one).
     *
     * <p>The three passes over a block in L1 are on purpose: widening, the op and narrowing in one loop made that loop
     * too big for C2 (two copies of the op per float vector; the inliner stopped at its node limit, and the vectors
     * passed to the calls it left were boxed: 7-10 ns per element instead of 2-2.6 on a Zen 3 core); and each op has a
     * loop of its own, one call per vector, for the same reason (and so that LOG's operator is a constant). Per element on
     * one thread there: tanh 23 ns as a scalar loop of {@code Math.tanh}, 37-55 ns with the Vector API's double-lane
     * {@code TANH} (no SVML stub on that AVX2 core; 3.2 ns on a Zen 4 with AVX-512), 2.6 this way.
     */
    static void inDouble(UnaryOp op, int n, float[] o, int po, float[] x, int px) {
        double[] wide = new double[Math.min(n, IN_DOUBLE_BLOCK)];
        for (int start = 0; start < n; start += IN_DOUBLE_BLOCK) {
            int count = Math.min(IN_DOUBLE_BLOCK, n - start);
            widen(count, x, px + start, wide);
            int done = switch (op) {
                case TANH -> tanhInPlace(count, wide);
                case SIGMOID -> sigmoidInPlace(count, wide);
                case EXP -> expInPlace(count, wide);
                case LOG -> logInPlace(count, wide);
                default -> throw new IllegalArgumentException("VectorKernels.inDouble: no double-lane loop for " + op);
            };
            for (int i = done; i < count; i++) wide[i] = op.apply(wide[i], 0, 0);
            narrow(count, wide, o, po + start);
        }
    }

    private static int tanhInPlace(int n, double[] v) {
        int bound = DOUBLES.loopBound(n);
        for (int i = 0; i < bound; i += DOUBLES.length()) DoubleLaneMath.tanh(DoubleVector.fromArray(DOUBLES, v, i)).intoArray(v, i);
        return bound;
    }

    private static int sigmoidInPlace(int n, double[] v) {
        int bound = DOUBLES.loopBound(n);
        for (int i = 0; i < bound; i += DOUBLES.length()) DoubleLaneMath.sigmoid(DoubleVector.fromArray(DOUBLES, v, i)).intoArray(v, i);
        return bound;
    }

    private static int expInPlace(int n, double[] v) {
        int bound = DOUBLES.loopBound(n);
        for (int i = 0; i < bound; i += DOUBLES.length()) DoubleLaneMath.expOfFloat(DoubleVector.fromArray(DOUBLES, v, i)).intoArray(v, i);
        return bound;
    }

    private static int logInPlace(int n, double[] v) {
        int bound = DOUBLES.loopBound(n);
        for (int i = 0; i < bound; i += DOUBLES.length()) DoubleVector.fromArray(DOUBLES, v, i).lanewise(VectorOperators.LOG).intoArray(v, i);
        return bound;
    }

    /** wide[i] = x[px + i] for i &lt; n, floats to doubles (exact). */
    private static void widen(int n, float[] x, int px, double[] wide) {
        int bound = SPECIES.loopBound(n), half = DOUBLES.length(), i = 0;
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0)).intoArray(wide, i);
            ((DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1)).intoArray(wide, i + half);
        }
        for (; i < n; i++) wide[i] = x[px + i];
    }

    /** o[po + i] = (float) wide[i] for i &lt; n. */
    private static void narrow(int n, double[] wide, float[] o, int po) {
        int bound = SPECIES.loopBound(n), half = DOUBLES.length(), i = 0;
        for (; i < bound; i += LANES) {
            FloatVector low = (FloatVector) DoubleVector.fromArray(DOUBLES, wide, i).convertShape(VectorOperators.D2F, SPECIES, 0);
            FloatVector high = (FloatVector) DoubleVector.fromArray(DOUBLES, wide, i + half).convertShape(VectorOperators.D2F, SPECIES, -1);
            high.blend(low, LOW_HALF).intoArray(o, po + i); // low fills lanes [0, half), high [half, 2 half)
        }
        for (; i < n; i++) o[po + i] = (float) wide[i];
    }

    /** o[po + i] = c[pc + i] != 0 ? a[pa + i] : b[pb + i] on contiguous rows (a NaN condition counts as true, as in Java). */
    static void where(int n, float[] o, int po, float[] c, int pc, float[] a, int pa, float[] b, int pb) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            VectorMask<Float> chosen = FloatVector.fromArray(SPECIES, c, pc + i).compare(VectorOperators.NE, 0f);
            FloatVector.fromArray(SPECIES, b, pb + i).blend(FloatVector.fromArray(SPECIES, a, pa + i), chosen).intoArray(o, po + i);
        }
        for (; i < n; i++) o[po + i] = c[pc + i] != 0 ? a[pa + i] : b[pb + i];
    }

    /** o[po + i] = x &gt; 0 ? x : 0 * x (so NaN stays NaN and -0 stays -0, as in {@code UnaryOp.RELU}). */
    static void relu(int n, float[] o, int po, float[] x, int px) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, px + i);
            v.mul(0f).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(o, po + i);
        }
        for (; i < n; i++) {
            float v = x[px + i];
            o[po + i] = v > 0 ? v : 0f * v;
        }
    }

    /**
     * Sum of x[p .. p + n). Each block of {@link #SUM_BLOCK} elements is summed in float lanes (each
     * lane adds at most SUM_BLOCK / LANES numbers) and the block totals in a double, so the error stays
     * near that of a double sum: |error| &lt;= about 1e-6 * sum |x|.
     */
    static double sum(float[] x, int p, int n) {
        double total = 0;
        int i = 0;
        int bound = SPECIES.loopBound(n);
        while (i < bound) {
            int blockEnd = Math.min(bound, i + SUM_BLOCK);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < blockEnd; i += LANES) acc = acc.add(FloatVector.fromArray(SPECIES, x, p + i));
            total += Lanes.sum(acc);
        }
        for (; i < n; i++) total += x[p + i];
        return total;
    }

    /** Columns one {@link #columnSums} pass holds in registers: two float vectors, as four vectors of doubles. */
    static int columnSumWidth() {
        return 2 * LANES;
    }

    /**
     * totals[t + j] = x[p_0 + j] + x[p_1 + j] + ... added in double, in that order, for j &lt; {@link #columnSumWidth()},
     * where p_r = base + offsets[r]: a block of columns of a column sum (a bias gradient, [B, N] summed over B). The
     * same additions, in the same order, as the scalar loop {@code totals[t + j] += x[p_r + j]}, so the result is the
     * same bit for bit; the float lanes are widened to doubles (exact) and the running totals stay in four registers
     * for all rows instead of a load and a store of each total per row.
     */
    static void columnSums(float[] x, int base, int[] offsets, double[] totals, int t) {
        int half = DOUBLES.length();
        DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0, s2 = s0, s3 = s0;
        for (int offset : offsets) {
            int p = base + offset;
            FloatVector v = FloatVector.fromArray(SPECIES, x, p), w = FloatVector.fromArray(SPECIES, x, p + LANES);
            s0 = s0.add(v.convertShape(VectorOperators.F2D, DOUBLES, 0));
            s1 = s1.add(v.convertShape(VectorOperators.F2D, DOUBLES, 1));
            s2 = s2.add(w.convertShape(VectorOperators.F2D, DOUBLES, 0));
            s3 = s3.add(w.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        s0.intoArray(totals, t);
        s1.intoArray(totals, t + half);
        s2.intoArray(totals, t + 2 * half);
        s3.intoArray(totals, t + 3 * half);
    }

    /**
     * Sum of (x - mean)^2 over x[p .. p + n), blocked like {@link #sum}. The lanes subtract the float
     * m nearest to mean (exact for x near m); the identity sum (x - mean)^2 = sum (x - m)^2 - k (mean - m)^2
     * then corrects the k vectorised terms for the rounding of mean.
     */
    static double sumSquaredDeviations(float[] x, int p, int n, double mean) {
        double total = 0;
        int i = 0;
        int bound = SPECIES.loopBound(n);
        FloatVector m = FloatVector.broadcast(SPECIES, (float) mean);
        while (i < bound) {
            int blockEnd = Math.min(bound, i + SUM_BLOCK);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < blockEnd; i += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, x, p + i).sub(m);
                acc = d.fma(d, acc);
            }
            total += Lanes.sum(acc);
        }
        double shift = mean - (float) mean;
        total -= bound * shift * shift;
        for (; i < n; i++) {
            double d = x[p + i] - mean;
            total += d * d;
        }
        return total;
    }

    /** Floats summed in vector lanes before the block's total moves to a double: each lane adds at most 128 / LANES exps. */
    private static final int EXP_BLOCK = 128;

    /**
     * o[po + j] = e^(x[px + j] - shift) for j &lt; n (contiguous), returning their sum. The exps run on the
     * Vector API's {@code EXP} (an intrinsic: SVML on x86), within 1 ulp of {@code Math.exp} rounded to float;
     * sums of at most 128 of them are taken in float lanes and added up in double, so the sum's relative
     * error stays near 1e-7 whatever n. {@code store} false only sums (log-softmax's pass).
     */
    static double expShifted(float[] x, int px, int n, float shift, float[] o, int po, boolean store) {
        double total = 0;
        int i = 0, bound = SPECIES.loopBound(n);
        FloatVector shifts = FloatVector.broadcast(SPECIES, shift);
        while (i < bound) {
            int blockEnd = Math.min(bound, i + EXP_BLOCK);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (; i < blockEnd; i += LANES) {
                FloatVector e = FloatVector.fromArray(SPECIES, x, px + i).sub(shifts).lanewise(VectorOperators.EXP);
                if (store) e.intoArray(o, po + i);
                acc = acc.add(e);
            }
            total += acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(x[px + i] - shift);
            if (store) o[po + i] = e;
            total += e;
        }
        return total;
    }

    /** o[po + j] = x[px + j] * scale + offset for j &lt; n (contiguous): softmax's normalisation, log-softmax's shift. */
    static void scaleShift(float[] x, int px, int n, float scale, float offset, float[] o, int po) {
        int i = 0, bound = SPECIES.loopBound(n);
        FloatVector s = FloatVector.broadcast(SPECIES, scale), b = FloatVector.broadcast(SPECIES, offset);
        for (; i < bound; i += LANES) FloatVector.fromArray(SPECIES, x, px + i).fma(s, b).intoArray(o, po + i);
        for (; i < n; i++) o[po + i] = x[px + i] * scale + offset;
    }

    /** Largest (max) or smallest element of x[p .. p + n), NaN if any is NaN; n &gt;= 1. */
    static float extremum(boolean max, float[] x, int p, int n) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        float result = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        if (bound > 0) {
            FloatVector acc = FloatVector.broadcast(SPECIES, result);
            if (max) {
                for (; i < bound; i += LANES) acc = acc.max(FloatVector.fromArray(SPECIES, x, p + i));
                result = acc.reduceLanes(VectorOperators.MAX);
            } else {
                for (; i < bound; i += LANES) acc = acc.min(FloatVector.fromArray(SPECIES, x, p + i));
                result = acc.reduceLanes(VectorOperators.MIN);
            }
        }
        for (; i < n; i++) result = max ? Math.max(result, x[p + i]) : Math.min(result, x[p + i]);
        return result;
    }

    /** Σ a[pa + i] b[pb + i] for i in [0, n): four vector accumulators (independent FMA chains), then the lanes, then a scalar tail. */
    static float dot(float[] a, int pa, float[] b, int pb, int n) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * LANES; i += 4 * LANES) {
            s0 = FloatVector.fromArray(SPECIES, a, pa + i).fma(FloatVector.fromArray(SPECIES, b, pb + i), s0);
            s1 = FloatVector.fromArray(SPECIES, a, pa + i + LANES).fma(FloatVector.fromArray(SPECIES, b, pb + i + LANES), s1);
            s2 = FloatVector.fromArray(SPECIES, a, pa + i + 2 * LANES).fma(FloatVector.fromArray(SPECIES, b, pb + i + 2 * LANES), s2);
            s3 = FloatVector.fromArray(SPECIES, a, pa + i + 3 * LANES).fma(FloatVector.fromArray(SPECIES, b, pb + i + 3 * LANES), s3);
        }
        for (; i <= n - LANES; i += LANES) s0 = FloatVector.fromArray(SPECIES, a, pa + i).fma(FloatVector.fromArray(SPECIES, b, pb + i), s0);
        float sum = Lanes.sum(s0.add(s1).add(s2.add(s3))); // in lane order: reduceLanes(ADD) may differ after JIT compilation
        for (; i < n; i++) sum += a[pa + i] * b[pb + i];
        return sum;
    }
}
