package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link CpuLstmCell}, one row (one batch element) at a time: lanes run
 * along j, and the four gates of element j sit H apart. Every sigmoid and tanh is one e^z and one
 * division: sigmoid x = 1 / (1 + e^{-x}) and tanh x = 2 sigmoid(2x) - 1, which near 0 has an absolute
 * error of about 1e-7 rather than a relative one (the reference computes in double; the conformance tests
 * allow 1e-6). The Vector API's own {@code TANH} is a call into the vector math library that cost 1.9 ns
 * per element on an AVX2 core against 0.44 for {@code EXP}, and five such calls in one loop made C2 spill
 * the loop's vectors around each; the gates now go through one loop with one exp each ({@link #activate}),
 * and the cell and h through a second. Each method returns how many j it did; the caller's scalar loop
 * finishes the row. Only loaded when {@link Simd#enabled()}.
 */
final class VectorLstmCell {
    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES; // one shape for all kernels (see there)

    private VectorLstmCell() {
    }

    /** e^x on every lane: the Vector API's intrinsic (SVML on x86, about 1 ulp). */
    private static FloatVector exp(FloatVector x) {
        return x.lanewise(VectorOperators.EXP);
    }

    /**
     * tanh x = 2 sigmoid(2x) - 1 = 2 / (1 + e^{-2x}) - 1 on every lane: one exp and one division. Kept under C2's
     * 35 bytes for inlining a call it has seen rarely: a call that is not inlined boxes its vectors.
     */
    private static FloatVector tanh(FloatVector x) {
        return FloatVector.broadcast(SPECIES, 2f).div(exp(x.mul(-2f)).add(1f)).sub(1f);
    }

    /** Gates at gs[g + j + k H] (k = i, f, g, o), cPrev at cs[c + j]; outputs act, h and c the same way. */
    static int forwardRow(int h, float[] gs, int g, float[] cs, int c, float[] as, int a, float[] hs, int ho, float[] cos, int co) {
        int bound = SPECIES.loopBound(h);
        for (int k = 0; k < 4; k++) activate(k == 2, gs, g + k * h, as, a + k * h, bound);
        for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector i = FloatVector.fromArray(SPECIES, as, a + j), f = FloatVector.fromArray(SPECIES, as, a + h + j);
            FloatVector cand = FloatVector.fromArray(SPECIES, as, a + 2 * h + j), o = FloatVector.fromArray(SPECIES, as, a + 3 * h + j);
            FloatVector cell = f.fma(FloatVector.fromArray(SPECIES, cs, c + j), i.mul(cand));
            cell.intoArray(cos, co + j);
            o.mul(tanh(cell)).intoArray(hs, ho + j);
        }
        return bound;
    }

    /** y[py + j] = sigmoid(x[px + j]), or tanh(x[px + j]) = 2 sigmoid(2x) - 1 when {@code tanh}, for j &lt; n (a multiple of the lanes). */
    private static void activate(boolean tanh, float[] x, int px, float[] y, int py, int n) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f), scale = FloatVector.broadcast(SPECIES, tanh ? -2f : -1f);
        for (int j = 0; j < n; j += SPECIES.length()) {
            FloatVector s = one.div(exp(FloatVector.fromArray(SPECIES, x, px + j).mul(scale)).add(one));
            (tanh ? s.add(s).sub(one) : s).intoArray(y, py + j);
        }
    }

    /** The backward of one row, laid out like {@link #forwardRow}; see Backend.lstmCellBackward for the formulas. */
    static int backwardRow(int h, float[] as, int a, float[] cs, int cp, float[] cells, int c, float[] dhs, int dh, float[] dcs, int dc,
                           float[] dgs, int dg, float[] dps, int dp) {
        int bound = SPECIES.loopBound(h);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector i = FloatVector.fromArray(SPECIES, as, a + j), f = FloatVector.fromArray(SPECIES, as, a + h + j);
            FloatVector cand = FloatVector.fromArray(SPECIES, as, a + 2 * h + j), o = FloatVector.fromArray(SPECIES, as, a + 3 * h + j);
            FloatVector tanhC = tanh(FloatVector.fromArray(SPECIES, cells, c + j));
            FloatVector gradH = FloatVector.fromArray(SPECIES, dhs, dh + j);
            FloatVector gradC = gradH.mul(o).mul(one.sub(tanhC.mul(tanhC))).add(FloatVector.fromArray(SPECIES, dcs, dc + j));
            gradC.mul(cand).mul(i).mul(one.sub(i)).intoArray(dgs, dg + j);
            gradC.mul(FloatVector.fromArray(SPECIES, cs, cp + j)).mul(f).mul(one.sub(f)).intoArray(dgs, dg + h + j);
            gradC.mul(i).mul(one.sub(cand.mul(cand))).intoArray(dgs, dg + 2 * h + j);
            gradH.mul(tanhC).mul(o).mul(one.sub(o)).intoArray(dgs, dg + 3 * h + j);
            gradC.mul(f).intoArray(dps, dp + j);
        }
        return bound;
    }
}
