package dev.tensorj.cpu;

import dev.tensorj.tensor.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An activation's input gradient in one pass over contiguous rows: o = g f'(s), where s is the activation's output
 * (tanh: 1 - y², sigmoid: y (1 - y)) or its input (relu: [x &gt; 0], leaky relu: 1 or alpha), as
 * {@link UnaryOp#backward} defines it. The autograd composition it replaces made two or three passes with a fresh
 * tensor each (for leaky relu: the mask x &gt; 0, g alpha, then the select), each reading and writing the whole
 * activation from memory.
 *
 * <p>The same bits as the reference: relu's g or g 0 is exact in float; the other three are computed in double
 * lanes (each half of the float lanes widened, which is exact), in {@code UnaryOp.backward}'s order of operations,
 * and rounded once. Only touched when {@link Simd#AVAILABLE}.
 */
final class VectorActivationBackward {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    private static final int LANES = S.length();
    private static final VectorMask<Float> LOW_HALF = VectorMask.fromLong(S, (1L << D.length()) - 1);

    private VectorActivationBackward() {
    }

    /** o[po + i] = (float) op.backward(s[ps + i], g[pg + i], alpha) for i &lt; n; op has a fused backward. */
    static void run(UnaryOp op, double alpha, int n, float[] o, int po, float[] s, int ps, float[] g, int pg) {
        int i = switch (op) {
            case RELU -> relu(n, o, po, s, ps, g, pg);
            case LEAKY_RELU -> leakyRelu(n, alpha, o, po, s, ps, g, pg);
            case TANH -> fromOutput(true, n, o, po, s, ps, g, pg);
            case SIGMOID -> fromOutput(false, n, o, po, s, ps, g, pg);
            default -> throw new IllegalArgumentException("unaryBackward: " + op + " has no fused backward");
        };
        for (; i < n; i++) o[po + i] = (float) op.backward(s[ps + i], g[pg + i], alpha);
    }

    /** g where x &gt; 0, else g 0 (which keeps a NaN or infinite g NaN). Returns the elements done. */
    private static int relu(int n, float[] o, int po, float[] x, int px, float[] g, int pg) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += LANES) {
            FloatVector gv = FloatVector.fromArray(S, g, pg + i);
            FloatVector xv = FloatVector.fromArray(S, x, px + i);
            gv.mul(0f).blend(gv, xv.compare(VectorOperators.GT, 0f)).intoArray(o, po + i);
        }
        return i;
    }

    /** g where x &gt; 0, else (float) (g alpha) with the product in double. */
    private static int leakyRelu(int n, double alpha, float[] o, int po, float[] x, int px, float[] g, int pg) {
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += LANES) {
            FloatVector gv = FloatVector.fromArray(S, g, pg + i);
            FloatVector xv = FloatVector.fromArray(S, x, px + i);
            DoubleVector low = (DoubleVector) gv.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector high = (DoubleVector) gv.convertShape(VectorOperators.F2D, D, 1);
            narrow(low.mul(alpha), high.mul(alpha)).blend(gv, xv.compare(VectorOperators.GT, 0f)).intoArray(o, po + i);
        }
        return i;
    }

    /** g (1 - y²) for tanh, g (y (1 - y)) for sigmoid, in double: the derivative from the output y. */
    private static int fromOutput(boolean tanh, int n, float[] o, int po, float[] y, int py, float[] g, int pg) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        int bound = S.loopBound(n), i = 0;
        for (; i < bound; i += LANES) {
            FloatVector gv = FloatVector.fromArray(S, g, pg + i), yv = FloatVector.fromArray(S, y, py + i);
            DoubleVector yLow = (DoubleVector) yv.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector yHigh = (DoubleVector) yv.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector gLow = (DoubleVector) gv.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector gHigh = (DoubleVector) gv.convertShape(VectorOperators.F2D, D, 1);
            narrow(gLow.mul(derivative(tanh, yLow, one)), gHigh.mul(derivative(tanh, yHigh, one))).intoArray(o, po + i);
        }
        return i;
    }

    /** tanh' = 1 - y², sigmoid' = y (1 - y), from the output y (C2 takes the branch out of the loop). */
    private static DoubleVector derivative(boolean tanh, DoubleVector y, DoubleVector one) {
        return tanh ? one.sub(y.mul(y)) : y.mul(one.sub(y));
    }

    /** The float lanes of two double vectors, low then high, each rounded once. */
    private static FloatVector narrow(DoubleVector low, DoubleVector high) {
        FloatVector l = (FloatVector) low.convertShape(VectorOperators.D2F, S, 0);   // lanes [0, half)
        FloatVector h = (FloatVector) high.convertShape(VectorOperators.D2F, S, -1); // lanes [half, 2 half)
        return h.blend(l, LOW_HALF);
    }
}
