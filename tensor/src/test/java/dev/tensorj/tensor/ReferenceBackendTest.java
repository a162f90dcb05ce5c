package dev.tensorj.tensor;

import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The oracle checked by hand: small examples per reference kernel whose answers are worked out in
 * the comments, including the edge cases the fast backends are held to (ties, NaN, -inf, empty
 * axes, INT64 exactness). All ops run on {@link ReferenceBackend} through a {@link Backends#useCpu} scope.
 */
class ReferenceBackendTest {
    private static final ReferenceBackend REFERENCE = ReferenceBackend.INSTANCE;
    private Backends.Scope scope;

    @BeforeEach
    void useReference() {
        scope = Backends.useCpu(REFERENCE);
    }

    @AfterEach
    void restore() {
        scope.close();
    }

    private static void assertValues(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toFloatArray(), 1e-6f, () -> "got " + actual);
    }

    private static Tensor matrix() {
        return Tensor.of(new float[] {1, 2, 3}, new float[] {4, 5, 6});
    }

    // ---- an activation's backward ----

    @Test
    void unaryBackwardIsTheGradientTimesTheDerivative() {
        Tensor g = Tensor.fromArray(new float[] {2, 2, 3, 4}, 4);
        // tanh from its output y: g (1 - y^2) = 2 (1 - 0), 2 (1 - 0.25), 3 (1 - 1), 4 (1 - 0.81)
        assertValues(new float[] {2, 1.5f, 0, 0.76f}, Tensor.fromArray(new float[] {0, 0.5f, -1, 0.9f}, 4).unaryBackward(UnaryOp.TANH, g, 0));
        // sigmoid from its output s: g s (1 - s) = 2 (0.25), 2 (0.1875), 3 (0), 4 (0.09)
        assertValues(new float[] {0.5f, 0.375f, 0, 0.36f}, Tensor.fromArray(new float[] {0.5f, 0.25f, 1, 0.1f}, 4).unaryBackward(UnaryOp.SIGMOID, g, 0));
        // relu and leaky relu (slope 0.25) from the input x: g where x > 0, else 0 or g/4; at x = 0 the left side
        Tensor x = Tensor.fromArray(new float[] {-1, 0, 2, Float.NaN}, 4);
        assertValues(new float[] {0, 0, 3, 0}, x.unaryBackward(UnaryOp.RELU, g, 0));
        assertValues(new float[] {0.5f, 0.5f, 3, 1}, x.unaryBackward(UnaryOp.LEAKY_RELU, g, 0.25));
        // a NaN gradient stays NaN where relu's derivative is 0 (g * 0, as g times the mask x > 0 gives)
        Tensor nan = Tensor.fromArray(new float[] {Float.NaN}, 1);
        assertEquals(Float.NaN, Tensor.fromArray(new float[] {-1}, 1).unaryBackward(UnaryOp.RELU, nan, 0).toFloatArray()[0]);
    }

    // ---- reductions ----

    @Test
    void sumMeanProdMaxMinOverEachAxis() {
        Tensor x = matrix();
        assertValues(new float[] {5, 7, 9}, x.sum(0));
        assertValues(new float[] {6, 15}, x.sum(1));
        assertEquals(21, x.sum().item());
        assertEquals(3.5, x.mean().item());
        assertValues(new float[] {2, 5}, x.mean(1));
        assertValues(new float[] {6, 120}, x.prod(new int[] {1}, false)); // 1*2*3, 4*5*6
        assertValues(new float[] {4, 5, 6}, x.max(0));
        assertValues(new float[] {1, 4}, x.min(1));
    }

    @Test
    void varIsThePopulationVarianceWithDivisorN() {
        // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 4 = 1.25
        Tensor out = Tensor.zeros(1);
        REFERENCE.reduce(ReduceOp.VAR, Tensor.of(1, 2, 3, 4), out);
        assertEquals(1.25, out.item());
        // rows [1, 2] and [3, 5]: means 1.5 and 4, variances 0.25 and 1
        Tensor rows = Tensor.zeros(2, 1);
        REFERENCE.reduce(ReduceOp.VAR, Tensor.of(new float[] {1, 2}, new float[] {3, 5}), rows);
        assertValues(new float[] {0.25f, 1}, rows);
    }

    @Test
    void reductionsOfEmptyAxes() {
        Tensor empty = Tensor.zeros(0);
        assertEquals(0, empty.sum().item());
        assertEquals(Double.NaN, empty.mean().item()); // 0 / 0
        assertEquals(1, empty.prod(new int[] {0}, false).item());
    }

    @Test
    void maxAndMinPropagateNaN() {
        Tensor x = Tensor.of(1, Float.NaN, 3);
        assertEquals(Double.NaN, x.max().item());
        assertEquals(Double.NaN, x.min().item());
        assertEquals(Double.NaN, x.sum().item());
    }

    @Test
    void argmaxAndArgminGiveTheFirstOfTiesAndStopAtNaN() {
        assertEquals(1, Tensor.of(1, 3, 3, 2).argmax().itemLong());
        assertEquals(1, Tensor.of(2, 1, 1).argmin().itemLong());
        assertEquals(1, Tensor.of(1, Float.NaN, 5).argmax().itemLong()); // NaN counts as the largest
        assertEquals(2, Tensor.of(4, 4, Float.NaN, Float.NaN).argmin().itemLong());
        // per column of [[1, 2, 3], [4, 5, 6]]: the second row wins everywhere
        assertArrayEquals(new long[] {1, 1, 1}, matrix().argmax(0).toLongArray());
        assertArrayEquals(new long[] {0, 0}, matrix().argmin(1).toLongArray());
    }

    // ---- softmax ----

    @Test
    void softmaxOfARow() {
        // exp(k) / (e + e^2 + e^3) for k = 1, 2, 3
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertValues(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z), (float) (Math.exp(3) / z)}, Tensor.of(1, 2, 3).softmax(0));
        // log-softmax_k = k - log z
        assertValues(new float[] {(float) (1 - Math.log(z)), (float) (2 - Math.log(z)), (float) (3 - Math.log(z))}, Tensor.of(1, 2, 3).logSoftmax(0));
    }

    @Test
    void softmaxAlongTheFirstAxisNormalisesColumns() {
        // columns [1, 4], [2, 5], [3, 6] all differ by 3: softmax = [1 / (1 + e^3), e^3 / (1 + e^3)]
        float low = (float) (1 / (1 + Math.exp(3))), high = (float) (Math.exp(3) / (1 + Math.exp(3)));
        assertValues(new float[] {low, low, low, high, high, high}, matrix().softmax(0));
    }

    @Test
    void softmaxWithMinusInfinity() {
        float inf = Float.POSITIVE_INFINITY;
        // -inf gets probability 0; the two zeros split the rest
        assertValues(new float[] {0.5f, 0, 0.5f}, Tensor.of(0, -inf, 0).softmax(0));
        float[] log = Tensor.of(0, -inf, 0).logSoftmax(0).toFloatArray();
        assertArrayEquals(new float[] {(float) -Math.log(2), -inf, (float) -Math.log(2)}, log, 1e-6f);
        // a line of only -inf has no distribution: 0 / 0 = NaN
        assertEquals(Float.NaN, Tensor.of(-inf, -inf).softmax(0).toFloatArray()[0]);
    }

    @Test
    void softmaxOfAnEmptyAxisIsEmpty() {
        assertEquals(0, Tensor.zeros(0, 3).softmax(0).numel());
    }

    // ---- elementwise ----

    @Test
    void unaryEdgeCases() {
        assertValues(new float[] {0, 0, 2}, Tensor.of(-1, 0, 2).relu());
        assertEquals(Float.NaN, Tensor.of(Float.NaN).relu().toFloatArray()[0]);
        assertValues(new float[] {0, 1}, Tensor.of(-1000, 1000).sigmoid()); // no overflow to NaN
        assertValues(new float[] {-0.2f, 3}, Tensor.of(-2, 3).leakyRelu(0.1));
        assertValues(new float[] {-1, 0, 1}, Tensor.of(-5, 0, 7).sign());
        assertValues(new float[] {-1, 0.5f, 2}, Tensor.of(-3, 0.5f, 9).clamp(-1, 2));
        assertValues(new float[] {(float) (0.5 * Math.expm1(-1)), 2}, Tensor.of(-1, 2).elu(0.5));
    }

    @Test
    void comparisonsWithNaNAreFalseExceptNotEqual() {
        Tensor nan = Tensor.of(Float.NaN);
        assertValues(new float[] {0}, nan.eq(nan));
        assertValues(new float[] {1}, nan.ne(nan));
        assertValues(new float[] {0}, nan.lt(1));
        assertValues(new float[] {0, 1, 1}, Tensor.of(1, 2, 3).ge(Tensor.of(2, 2, 2)));
    }

    @Test
    void whereTakesAWhereTheConditionIsNonZeroIncludingNaN() {
        Tensor condition = Tensor.of(1, 0, Float.NaN);
        assertValues(new float[] {10, 2, 10}, Tensor.where(condition, Tensor.of(10, 10, 10), Tensor.of(2, 2, 2)));
    }

    @Test
    void int64ArithmeticIsExact() {
        long big = (1L << 53) + 1; // not representable as a double
        assertArrayEquals(new long[] {big + 1}, Tensor.ofLongs(big).add(Tensor.ofLongs(1)).toLongArray());
        assertArrayEquals(new long[] {3, -3}, Tensor.ofLongs(7, -7).div(Tensor.ofLongs(2, 2)).toLongArray()); // truncates toward zero
        assertArrayEquals(new long[] {2 * big}, Tensor.ofLongs(big, big).sum().toLongArray());
        assertArrayEquals(new long[] {big}, Tensor.ofLongs(-big).abs().toLongArray());
        assertThrows(ArithmeticException.class, () -> Tensor.ofLongs(1).div(Tensor.ofLongs(0)));
    }

    @Test
    void castsToInt64TruncateTowardZero() {
        assertArrayEquals(new long[] {-1, 1, 0}, Tensor.of(-1.7f, 1.7f, -0.2f).to(DType.INT64).toLongArray());
    }

    // ---- indexing ----

    @Test
    void gatherPicksAlongTheAxis() {
        // out[i][j] = x[i][index[i][j]]
        Tensor x = Tensor.of(new float[] {1, 2}, new float[] {3, 4});
        Tensor index = Tensor.fromArray(new long[] {0, 0, 1, 0}, 2, 2);
        assertValues(new float[] {1, 1, 4, 3}, x.gather(1, index));
        // along axis 0: out[i][j] = x[index[i][j]][j]
        assertValues(new float[] {3, 2}, x.gather(0, Tensor.fromArray(new long[] {1, 0}, 1, 2)));
    }

    @Test
    void scatterAddAccumulatesRepeatedIndices() {
        // target[index[i]] += src[i]: position 0 gets 1 + 3, position 2 gets 2
        Tensor target = Tensor.zeros(3);
        target.scatterAddInPlace(0, Tensor.ofLongs(0, 2, 0), Tensor.of(1, 2, 3));
        assertValues(new float[] {4, 0, 2}, target);
    }

    @Test
    void indexSelectTakesWholeSlices() {
        Tensor x = Tensor.of(new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 6});
        assertValues(new float[] {5, 6, 1, 2, 5, 6}, x.indexSelect(0, Tensor.ofLongs(2, 0, 2)));
        assertValues(new float[] {2, 4, 6}, x.indexSelect(1, Tensor.ofLongs(1)));
    }
}
