package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API loops of {@link CpuLstmCell}, one row (one batch element) at a time: lanes run
 * along j, and the four gates of element j are loaded from four places H apart. exp and tanh are the
 * Vector API's (intrinsified, about 1 ulp). Each method returns how many j it did; the caller's scalar
 * loop finishes the row. Only loaded when {@link Simd#enabled()}.
 */
final class VectorLstmCell {
    private static final VectorSpecies<Float> SPECIES = VectorKernels.SPECIES; // one shape for all kernels (see there)

    private VectorLstmCell() {
    }

    private static FloatVector sigmoid(FloatVector x) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        return one.div(x.neg().lanewise(VectorOperators.EXP).add(one));
    }

    /** Gates at gs[g + j + k H] (k = i, f, g, o), cPrev at cs[c + j]; outputs act, h and c the same way. */
    static int forwardRow(int h, float[] gs, int g, float[] cs, int c, float[] as, int a, float[] hs, int ho, float[] cos, int co) {
        int bound = SPECIES.loopBound(h);
        for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector i = sigmoid(FloatVector.fromArray(SPECIES, gs, g + j));
            FloatVector f = sigmoid(FloatVector.fromArray(SPECIES, gs, g + h + j));
            FloatVector cand = FloatVector.fromArray(SPECIES, gs, g + 2 * h + j).lanewise(VectorOperators.TANH);
            FloatVector o = sigmoid(FloatVector.fromArray(SPECIES, gs, g + 3 * h + j));
            FloatVector cell = f.fma(FloatVector.fromArray(SPECIES, cs, c + j), i.mul(cand));
            i.intoArray(as, a + j);
            f.intoArray(as, a + h + j);
            cand.intoArray(as, a + 2 * h + j);
            o.intoArray(as, a + 3 * h + j);
            cell.intoArray(cos, co + j);
            o.mul(cell.lanewise(VectorOperators.TANH)).intoArray(hs, ho + j);
        }
        return bound;
    }

    /** The backward of one row, laid out like {@link #forwardRow}; see Backend.lstmCellBackward for the formulas. */
    static int backwardRow(int h, float[] as, int a, float[] cs, int cp, float[] cells, int c, float[] dhs, int dh, float[] dcs, int dc,
                           float[] dgs, int dg, float[] dps, int dp) {
        int bound = SPECIES.loopBound(h);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector i = FloatVector.fromArray(SPECIES, as, a + j), f = FloatVector.fromArray(SPECIES, as, a + h + j);
            FloatVector cand = FloatVector.fromArray(SPECIES, as, a + 2 * h + j), o = FloatVector.fromArray(SPECIES, as, a + 3 * h + j);
            FloatVector tanhC = FloatVector.fromArray(SPECIES, cells, c + j).lanewise(VectorOperators.TANH);
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
