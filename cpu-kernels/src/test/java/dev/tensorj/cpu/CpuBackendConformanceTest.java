package dev.tensorj.cpu;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;
import dev.tensorj.cpu.Operands.Layout;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.tensorj.cpu.Operands.assertClose;
import static dev.tensorj.cpu.Operands.describe;
import static dev.tensorj.cpu.Operands.random;
import static dev.tensorj.cpu.Operands.storageValues;
import static dev.tensorj.cpu.Operands.values;
import static dev.tensorj.cpu.Operands.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Every FLOAT32 kernel of {@link CpuBackend} against {@link ReferenceBackend#INSTANCE}, the oracle:
 * random operands with fixed seeds in every layout (contiguous, transposed, stepped, broadcast),
 * empty and one-element tensors, shapes large enough to run on several threads and to be cut into
 * chunks, every op and axis, in-place aliasing, and NaN/inf inputs. Each case runs twice, with the
 * Vector API loops and with their plain-Java twins.
 *
 * <p>Tolerances: elementwise ops, copy, fill, where, max/min/argmax/argmin and the indexing kernels
 * must match exactly (the fast kernels compute the same rounded values). Sums, means, products and
 * variances may differ by the order of additions: at most 2e-6 of the sum of |x| (or of the result
 * for prod and var) plus one float ulp. Softmax rescales by a reciprocal: rtol 1e-6.
 * A failure message names the op, seed, shape, strides and whether the vector loops ran.
 */
class CpuBackendConformanceTest {
    private static final Backend FAST = CpuBackend.INSTANCE;
    private static final Backend REFERENCE = ReferenceBackend.INSTANCE;

    /** Shapes for elementwise kernels: scalar, one element, empty, small, ragged, multi-threaded, chunked. */
    private static final int[][] ELEMENTWISE_SHAPES = {{}, {1}, {0, 3}, {4, 4}, {3, 5, 7}, {2, 3, 4, 5}, {64, 600}, {9000}};

    @AfterEach
    void restoreVectorLoops() {
        Simd.allow(true);
    }

    /** Runs a check with the vector loops on, then off. */
    private static void bothPaths(java.util.function.Consumer<String> check) {
        for (boolean vector : new boolean[] {true, false}) {
            Simd.allow(vector);
            check.accept(vector ? "vector loops" : "plain loops");
        }
        Simd.allow(true);
    }

    // ---- elementwise ----

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        double alpha = op == UnaryOp.CLAMP ? -0.5 : op == UnaryOp.POW ? 1.7 : 0.2, beta = 0.75;
        bothPaths(path -> {
            long seed = 100;
            for (int[] shape : ELEMENTWISE_SHAPES) {
                for (Layout layout : Layout.values()) {
                    Generator g = new Generator(++seed);
                    Tensor x = Operands.withSpecials(random(layout, shape, g), g);
                    Tensor fast = zeros(shape), reference = zeros(shape);
                    FAST.unary(op, x, alpha, beta, fast);
                    REFERENCE.unary(op, x, alpha, beta, reference);
                    String what = op + " seed " + seed + " " + layout + " " + describe(x) + ", " + path;
                    assertClose(what, values(reference), values(fast), 0, 0);
                }
            }
        });
    }

    /**
     * An activation's one-pass backward (g times the derivative, from the output or the input) equals the reference's
     * exactly, NaN and infinities included, in every layout of both operands, on the vector loops and their twins.
     */
    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"TANH", "SIGMOID", "RELU", "LEAKY_RELU"})
    void unaryBackwardMatchesReference(UnaryOp op) {
        bothPaths(path -> {
            long seed = 150;
            for (int[] shape : ELEMENTWISE_SHAPES) {
                for (Layout layout : Layout.values()) {
                    for (double alpha : new double[] {0.2, 1.0 / 3}) {
                        Generator g = new Generator(++seed);
                        Tensor saved = Operands.withSpecials(random(layout, shape, g), g);
                        Tensor grad = Operands.withSpecials(random(Layout.values()[(int) (seed % Layout.values().length)], shape, g), g);
                        Tensor fast = zeros(shape), reference = zeros(shape);
                        FAST.unaryBackward(op, saved, grad, alpha, fast);
                        REFERENCE.unaryBackward(op, saved, grad, alpha, reference);
                        String what = op + " backward, alpha " + alpha + ", seed " + seed + " " + layout + " " + describe(saved) + ", " + path;
                        assertClose(what, values(reference), values(fast), 0, 0);
                    }
                }
            }
        });
    }

    /**
     * tanh, sigmoid, exp and log on the vector path (double lanes, rounded once) equal the reference bit for bit on a
     * million values each, spread over the ranges where the functions saturate, overflow or reach subnormals, a quarter
     * of them at magnitudes from 1e-45 to 100 (log-uniform: tanh and sigmoid near 0), and the special values (NaN
     * included: its raw bits must match too).
     */
    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"TANH", "SIGMOID", "EXP", "LOG"})
    void transcendentalsInDoubleLanesMatchTheReferenceBitForBit(UnaryOp op) {
        int n = 1 << 20;
        Generator g = new Generator(11);
        Tensor spread = Tensor.randn(g, n).mul(op == UnaryOp.LOG ? 25 : op == UnaryOp.TANH ? 6 : 40);
        Tensor x = op == UnaryOp.LOG ? spread.exp() : spread; // log: positive values from 1e-38 (and subnormals) to 1e38
        float[] xs = ((dev.tensorj.tensor.CpuStorage) x.storage()).floats();
        java.util.Random random = new java.util.Random(12);
        for (int i = 0; i < n / 4; i++) {
            float magnitude = (float) Math.pow(10, -45 + 47 * random.nextDouble());
            xs[i] = op == UnaryOp.LOG || random.nextBoolean() ? magnitude : -magnitude;
        }
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 88.72f, 88.73f, -103.97f, -104f, 9.01f, -9.02f};
        System.arraycopy(specials, 0, xs, n / 2, specials.length);
        Tensor fast = zeros(n), reference = zeros(n);
        FAST.unary(op, x, 0, 0, fast);
        REFERENCE.unary(op, x, 0, 0, reference);
        float[] f = ((dev.tensorj.tensor.CpuStorage) fast.storage()).floats(), r = ((dev.tensorj.tensor.CpuStorage) reference.storage()).floats();
        for (int i = 0; i < n; i++) {
            if (Float.floatToRawIntBits(r[i]) != Float.floatToRawIntBits(f[i])) {
                org.junit.jupiter.api.Assertions.fail(op + "(" + xs[i] + "): fast " + f[i] + ", reference " + r[i] + " (element " + i + " of " + n + ")");
            }
        }
    }

    /** The vector leaky ReLU (product in double, rounded once) equals the reference bit for bit, the sign of zero included. */
    @org.junit.jupiter.api.Test
    void leakyReluMatchesTheReferenceBitForBit() {
        Generator g = new Generator(7);
        Tensor x = Operands.withSpecials(Tensor.randn(g, 4099).mul(1e3), g);
        float[] xs = ((dev.tensorj.tensor.CpuStorage) x.storage()).floats();
        xs[5] = -0f;
        xs[6] = -Float.MIN_VALUE; // the smallest subnormal: a slope times it rounds to -0 or to itself
        for (double slope : new double[] {0.2, 0.01, 0.3, 1.0 / 3}) {
            Tensor fast = zeros(4099), reference = zeros(4099);
            FAST.unary(UnaryOp.LEAKY_RELU, x, slope, 0, fast);
            REFERENCE.unary(UnaryOp.LEAKY_RELU, x, slope, 0, reference);
            float[] f = ((dev.tensorj.tensor.CpuStorage) fast.storage()).floats(), r = ((dev.tensorj.tensor.CpuStorage) reference.storage()).floats();
            for (int i = 0; i < 4099; i++) {
                int expected = Float.floatToRawIntBits(r[i]), actual = Float.floatToRawIntBits(f[i]);
                if (expected != actual) {
                    org.junit.jupiter.api.Assertions.fail("leakyRelu(" + xs[i] + ", slope " + slope + "): "
                            + Float.intBitsToFloat(actual) + " against the reference's " + Float.intBitsToFloat(expected));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReference(BinaryOp op) {
        bothPaths(path -> {
            long seed = 200;
            for (int[] shape : ELEMENTWISE_SHAPES) {
                for (Layout layout : Layout.values()) {
                    if (isLarge(shape) && layout != Layout.CONTIGUOUS) continue; // small shapes cover the other layouts
                    for (String pattern : List.of("same", "row", "column", "scalar", "scalar-first")) {
                        Generator g = new Generator(++seed);
                        Tensor a = Operands.withSpecials(Operands.wholeNumbers(layout, shape, g), g);
                        Tensor b = broadcastOperand(pattern, shape, g);
                        if (pattern.equals("scalar-first")) {
                            Tensor swap = a;
                            a = b;
                            b = swap;
                        }
                        Tensor fast = zeros(shape), reference = zeros(shape);
                        FAST.binary(op, a, b, fast);
                        REFERENCE.binary(op, a, b, reference);
                        String what = op + " seed " + seed + " " + layout + " " + pattern + " a " + describe(a) + " b " + describe(b) + ", " + path;
                        assertClose(what, values(reference), values(fast), 0, 0);
                    }
                }
            }
        });
    }

    /** Shapes big enough for several threads or chunks: the slow reference makes them the costly cases. */
    private static boolean isLarge(int[] shape) {
        return Tensor.zeros(shape).numel() > 10_000;
    }

    /** The second operand of a binary op: same shape, a broadcast row, a broadcast column or a scalar. */
    private static Tensor broadcastOperand(String pattern, int[] shape, Generator g) {
        int rank = shape.length;
        int[] small = switch (pattern) {
            case "row" -> rank == 0 ? new int[0] : new int[] {shape[rank - 1]};
            case "column" -> {
                int[] c = shape.clone();
                if (rank > 0) c[rank - 1] = 1;
                yield c;
            }
            case "scalar", "scalar-first" -> new int[0];
            default -> shape;
        };
        return Operands.wholeNumbers(Layout.CONTIGUOUS, small, g).expand(shape);
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"ADD", "SUB", "MUL", "DIV", "MAXIMUM"})
    void binaryInPlaceMatchesReference(BinaryOp op) {
        bothPaths(path -> {
            long seed = 300;
            for (int[] shape : ELEMENTWISE_SHAPES) {
                for (String pattern : List.of("same", "row", "scalar")) {
                    Generator g = new Generator(++seed);
                    Tensor fast = random(Layout.STEPPED, shape, g);
                    Tensor b = broadcastOperand(pattern, shape, g);
                    Tensor reference = fast.contiguous().copy();
                    Tensor fastBefore = fast;
                    FAST.binary(op, fast, b, fast); // out aliases a
                    REFERENCE.binary(op, reference, b, reference);
                    String what = op + " in place, seed " + seed + " " + pattern + " " + describe(fastBefore) + ", " + path;
                    assertClose(what, values(reference), values(fast), 0, 0);
                }
            }
        });
    }

    @Test
    void whereMatchesReference() {
        long seed = 400;
        for (int[] shape : ELEMENTWISE_SHAPES) {
            for (Layout layout : Layout.values()) {
                Generator g = new Generator(++seed);
                Tensor condition = Operands.withSpecials(Operands.wholeNumbers(layout, shape, g), g); // NaN counts as true
                Tensor a = random(Layout.TRANSPOSED, shape, g), b = broadcastOperand("column", shape, g);
                Tensor fast = zeros(shape), reference = zeros(shape);
                FAST.where(condition, a, b, fast);
                REFERENCE.where(condition, a, b, reference);
                assertClose("where seed " + seed + " " + layout + " " + describe(condition), values(reference), values(fast), 0, 0);
            }
        }
    }

    @Test
    void copyAndFillMatchReference() {
        long seed = 500;
        for (int[] shape : ELEMENTWISE_SHAPES) {
            for (Layout layout : Layout.values()) {
                Generator g = new Generator(++seed);
                Tensor src = random(layout, shape, g);
                Tensor fast = zeros(shape), reference = zeros(shape);
                FAST.copy(src, fast);
                REFERENCE.copy(src, reference);
                assertClose("copy seed " + seed + " " + layout + " " + describe(src), values(reference), values(fast), 0, 0);

                // into a non-contiguous destination: the untouched storage must stay untouched
                Tensor fastDst = random(Layout.STEPPED, shape, new Generator(seed)), referenceDst = random(Layout.STEPPED, shape, new Generator(seed));
                FAST.copy(src, fastDst);
                REFERENCE.copy(src, referenceDst);
                assertClose("copy into stepped, seed " + seed + " " + layout, storageValues(referenceDst), storageValues(fastDst), 0, 0);
                FAST.fill(fastDst, -2.5);
                REFERENCE.fill(referenceDst, -2.5);
                assertClose("fill stepped, seed " + seed, storageValues(referenceDst), storageValues(fastDst), 0, 0);
            }
        }
    }

    // ---- reductions ----

    /** Shapes for reductions: every subset of axes of each is reduced. */
    private static final int[][] REDUCE_SHAPES = {{1}, {7}, {0, 3, 2}, {3, 4, 5}, {2, 1, 6}, {4, 48, 200}, {2, 9000}, {300, 70}};

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void reduceMatchesReferenceOnEveryAxisSet(ReduceOp op) {
        bothPaths(path -> {
            long seed = 600;
            for (int[] shape : REDUCE_SHAPES) {
                if (Tensor.zeros(shape).numel() == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN)) continue; // rejected by Tensor
                for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.STEPPED}) {
                    if (isLarge(shape) && layout == Layout.STEPPED) continue; // small shapes cover stepped runs
                    for (int mask = 0; mask < (1 << shape.length); mask++) {
                        Generator g = new Generator(++seed);
                        Tensor x = random(layout, shape, g);
                        if (op == ReduceOp.PROD) x = x.mul(0.1).add(1).contiguous(); // keep products finite
                        checkReduce(op, x, mask, "seed " + seed + " " + layout + ", " + path);
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = ReduceOp.class, names = {"SUM", "MAX", "MIN", "VAR"})
    void reducePropagatesNaN(ReduceOp op) {
        bothPaths(path -> {
            long seed = 700;
            for (int[] shape : new int[][] {{5, 40}, {2, 9000}}) {
                for (int mask = 1; mask < 4; mask++) {
                    Generator g = new Generator(++seed);
                    Tensor x = random(Layout.CONTIGUOUS, shape, g);
                    x.set(Double.NaN, 1, 17);
                    checkReduce(op, x, mask, "NaN at [1, 17], seed " + seed + ", " + path);
                }
            }
        });
    }

    /**
     * A column sum (a bias gradient: [rows, width] over the rows) adds each column's rows in the same order in double on
     * the vector path (totals in registers, blocks of columns spread over the threads) and on the plain loop: the same
     * bits, on one thread and on two, for widths with and without a remainder of whole vectors, and for a strided view.
     */
    @Test
    void columnSumIsTheSameBitsOnEveryPathAndThreadCount() {
        int threads = Parallel.threads();
        try {
            long seed = 750;
            for (int[] shape : new int[][] {{2560, 128}, {300, 70}, {64, 256}, {5, 16}, {33, 257}}) {
                Generator g = new Generator(++seed);
                Tensor x = Tensor.randn(g, shape[0], shape[1]);
                Tensor strided = Tensor.randn(g, shape[0], 2 * shape[1]).narrow(1, 3, shape[1]); // row stride 2 width
                for (Tensor input : new Tensor[] {x, strided}) {
                    double[] expected = null;
                    for (int t : new int[] {1, 2}) {
                        Parallel.setThreads(t);
                        for (boolean vector : new boolean[] {false, true}) {
                            Simd.allow(vector);
                            Tensor out = zeros(1, shape[1]);
                            FAST.reduce(ReduceOp.SUM, input, out);
                            double[] actual = storageValues(out);
                            if (expected == null) expected = actual;
                            else assertArrayEquals(expected, actual, "column sum of " + describe(input) + ", " + t + " threads, vector " + vector);
                        }
                    }
                }
            }
        } finally {
            Simd.allow(true);
            Parallel.setThreads(threads);
        }
    }

    /** Reduces the axes set in mask (bit i = axis i) on both backends and compares with the op's tolerance. */
    private static void checkReduce(ReduceOp op, Tensor x, int mask, String context) {
        int[] outShape = x.dims();
        for (int i = 0; i < outShape.length; i++) if ((mask & (1 << i)) != 0) outShape[i] = 1;
        Tensor fast = zeros(outShape), reference = zeros(outShape);
        FAST.reduce(op, x, fast);
        REFERENCE.reduce(op, x, reference);
        double[] expected = values(reference), actual = values(fast);
        String what = op + " to " + Arrays.toString(outShape) + " of " + describe(x) + ", " + context;
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            assertClose(what, expected, actual, 0, 0);
            return;
        }
        // the sum of |x| per output bounds the rounding of any summation order
        Tensor absX = zeros(x.dims()), absSum = zeros(outShape);
        REFERENCE.unary(UnaryOp.ABS, x, 0, 0, absX);
        REFERENCE.reduce(op == ReduceOp.MEAN ? ReduceOp.MEAN : ReduceOp.SUM, absX, absSum);
        double[] scale = values(absSum);
        for (int i = 0; i < expected.length; i++) {
            double bound = op == ReduceOp.SUM || op == ReduceOp.MEAN ? scale[i] : Math.abs(expected[i]);
            double tolerance = 2e-6 * bound + Math.ulp((float) expected[i]);
            assertClose(what + ", output " + i, new double[] {expected[i]}, new double[] {actual[i]}, 0, Double.isNaN(tolerance) ? 0 : tolerance);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void argReduceMatchesReferenceWithTiesAndNaN(boolean max) {
        long seed = 800;
        for (int[] shape : new int[][] {{1}, {9}, {4, 6}, {3, 5, 7}, {64, 700}}) {
            for (Layout layout : Layout.values()) {
                for (int axis = 0; axis < shape.length; axis++) {
                    Generator g = new Generator(++seed);
                    Tensor x = Operands.wholeNumbers(layout, shape, g);
                    if (seed % 3 == 0) Operands.withSpecials(x, g);
                    int[] outShape = x.dims();
                    outShape[axis] = 1;
                    Tensor fast = Tensor.zeros(dev.tensorj.tensor.DType.INT64, outShape), reference = Tensor.zeros(dev.tensorj.tensor.DType.INT64, outShape);
                    FAST.argReduce(max, x, axis, fast);
                    REFERENCE.argReduce(max, x, axis, reference);
                    String what = (max ? "argmax" : "argmin") + " axis " + axis + " seed " + seed + " " + layout + " " + describe(x);
                    assertClose(what, values(reference), values(fast), 0, 0);
                }
            }
        }
    }

    // ---- softmax ----

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void softmaxMatchesReferenceOnEveryAxis(boolean log) {
        bothPaths(path -> {
            long seed = 900;
            for (int[] shape : new int[][] {{1}, {5}, {3, 4, 5}, {2, 3, 1000}, {1, 1}, {0, 4}}) {
                for (Layout layout : new Layout[] {Layout.CONTIGUOUS, Layout.TRANSPOSED, Layout.STEPPED}) {
                    for (int axis = 0; axis < shape.length; axis++) {
                        Generator g = new Generator(++seed);
                        Tensor x = random(layout, shape, g).mulInPlace(4); // keeps the layout
                        if (x.numel() > 2) {
                            x.set(Double.NEGATIVE_INFINITY, new int[shape.length]); // one -inf entry
                        }
                        checkSoftmax(x, axis, log, "seed " + seed + " " + layout + ", " + path);
                    }
                }
            }
            // a line of only -inf gives NaN in both
            Tensor allMinusInf = Tensor.full(Double.NEGATIVE_INFINITY, 2, 3);
            checkSoftmax(allMinusInf, 1, log, "all -inf, " + path);
        });
    }

    private static void checkSoftmax(Tensor x, int axis, boolean log, String context) {
        Tensor fast = zeros(x.dims()), reference = zeros(x.dims());
        FAST.softmax(x, axis, log, fast);
        REFERENCE.softmax(x, axis, log, reference);
        String what = (log ? "logSoftmax" : "softmax") + " axis " + axis + " of " + describe(x) + ", " + context;
        assertClose(what, values(reference), values(fast), 1e-6, log ? 1e-6 : 1e-9);
    }

    // ---- indexing ----

    @Test
    void gatherAndScatterAddMatchReferenceOnEveryAxis() {
        long seed = 1000;
        int[] shape = {5, 6, 7};
        for (Layout layout : Layout.values()) {
            for (int axis = 0; axis < shape.length; axis++) {
                Generator g = new Generator(++seed);
                Tensor x = random(layout, shape, g);
                int[] indexShape = {4, 5, 6};
                indexShape[axis] = 9; // longer than the axis: indices repeat
                Tensor index = Tensor.randint(0, shape[axis], g, indexShape);
                Tensor fast = zeros(indexShape), reference = zeros(indexShape);
                FAST.gather(x, axis, index, fast);
                REFERENCE.gather(x, axis, index, reference);
                String what = "gather axis " + axis + " seed " + seed + " " + layout + " " + describe(x);
                assertClose(what, values(reference), values(fast), 0, 0);

                Tensor src = random(Layout.TRANSPOSED, indexShape, g);
                Tensor fastTarget = random(Layout.CONTIGUOUS, shape, new Generator(seed)), referenceTarget = fastTarget.copy();
                FAST.scatterAdd(fastTarget, axis, index, src);
                REFERENCE.scatterAdd(referenceTarget, axis, index, src);
                assertClose("scatterAdd axis " + axis + " seed " + seed, values(referenceTarget), values(fastTarget), 0, 0);
            }
        }
    }

    /** Max pooling's backward pattern: along the last axis, many repeats inside each line. */
    @Test
    void scatterAddAlongTheLastAxisMatchesReference() {
        Generator g = new Generator(1050);
        Tensor index = Tensor.randint(0, 50, g, 8, 64, 100), src = Tensor.randn(g, 8, 64, 100);
        Tensor fastTarget = Tensor.randn(g, 8, 64, 50), referenceTarget = fastTarget.copy();
        FAST.scatterAdd(fastTarget, 2, index, src);
        REFERENCE.scatterAdd(referenceTarget, 2, index, src);
        assertClose("scatterAdd along the last axis, seed 1050", values(referenceTarget), values(fastTarget), 0, 0);
    }

    @Test
    void indexSelectMatchesReferenceOnEveryAxis() {
        long seed = 1100;
        int[] shape = {10, 8, 3};
        for (Layout layout : Layout.values()) {
            for (int axis = 0; axis < shape.length; axis++) {
                Generator g = new Generator(++seed);
                Tensor x = random(layout, shape, g);
                Tensor index = Tensor.randint(0, shape[axis], g, 15).slice(0, 0, 15, 2); // repeats, stride 2
                int[] outShape = shape.clone();
                outShape[axis] = index.numel();
                Tensor fast = zeros(outShape), reference = zeros(outShape);
                FAST.indexSelect(x, axis, index, fast);
                REFERENCE.indexSelect(x, axis, index, reference);
                assertClose("indexSelect axis " + axis + " seed " + seed + " " + layout + " " + describe(x), values(reference), values(fast), 0, 0);
            }
        }
    }

    @Test
    void embeddingLookupAndItsBackward() {
        Generator g = new Generator(1200);
        Tensor table = Tensor.randn(g, 1000, 32);
        Tensor tokens = Tensor.randint(0, 1000, g, 640);
        Tensor fast = zeros(640, 32), reference = zeros(640, 32);
        FAST.indexSelect(table, 0, tokens, fast);
        REFERENCE.indexSelect(table, 0, tokens, reference);
        assertClose("embedding lookup, seed 1200", values(reference), values(fast), 0, 0);

        // backward: scatter the output gradient rows back onto the table rows, index broadcast along the row
        Tensor gradOut = Tensor.randn(g, 640, 32);
        Tensor rowIndex = tokens.unsqueeze(1).expand(640, 32);
        Tensor fastGrad = zeros(1000, 32), referenceGrad = zeros(1000, 32);
        FAST.scatterAdd(fastGrad, 0, rowIndex, gradOut);
        REFERENCE.scatterAdd(referenceGrad, 0, rowIndex, gradOut);
        assertClose("embedding backward, seed 1200", values(referenceGrad), values(fastGrad), 0, 0);
    }

    // ---- the walker itself ----

    @Test
    void walkerMergesContiguousAxesAndKeepsBroadcastRows() {
        Tensor out = zeros(6, 4, 5);
        Tensor bias = zeros(5).expand(6, 4, 5);
        StridedLoops.Layout merged = StridedLoops.simplify(out, zeros(6, 4, 5));
        StridedLoops.Layout biasRows = StridedLoops.simplify(out, bias);
        List<String> seen = new ArrayList<>();
        seen.add(Arrays.toString(merged.dims()) + Arrays.toString(biasRows.dims()) + Arrays.toString(biasRows.strides()[1]));
        org.junit.jupiter.api.Assertions.assertEquals(List.of("[120][24, 5][0, 1]"), seen);
    }
}
