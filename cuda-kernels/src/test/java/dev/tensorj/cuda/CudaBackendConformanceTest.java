package dev.tensorj.cuda;

import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.tensorj.cuda.GpuTests.GPU;
import static dev.tensorj.cuda.GpuTests.Operand;
import static dev.tensorj.cuda.GpuTests.compare;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CudaBackend against the ReferenceBackend, kernel by kernel, on random shapes including transposed,
 * sliced-with-step and broadcast (stride 0) operands. Needs a GPU: skips without one.
 */
@Tag("gpu")
class CudaBackendConformanceTest {
    private static final double TOL = 1e-5;
    private final Generator g = new Generator(7);

    @BeforeEach
    void gpu() {
        GpuTests.assumeGpu();
    }

    private Tensor randn(int... shape) {
        return Tensor.randn(g, shape);
    }

    /** Small whole numbers: many equal values, for the ties of max, argmax and comparisons. */
    private static Tensor withTies(Tensor t) {
        return t.mul(2).to(DType.INT64).to(DType.FLOAT32);
    }

    private static Operand op(Tensor t) {
        return Operand.of(t);
    }

    @Test
    void transfersRoundTripStridedViewsOfEveryDtype() {
        for (DType dtype : DType.values()) {
            Tensor host = randn(3, 4, 5).mul(100).to(dtype);
            Tensor view = host.permute(2, 0, 1).slice(0, 1, 5, 2);
            assertArrayEquals(view.contiguous().toDoubleArray(), view.to(GPU).to(Device.CPU).toDoubleArray(), 0, dtype + " upload of a view");
            Tensor onGpu = host.to(GPU).permute(2, 0, 1).slice(0, 1, 5, 2);
            assertArrayEquals(view.contiguous().toDoubleArray(), onGpu.to(Device.CPU).toDoubleArray(), 0, dtype + " download of a view");
        }
    }

    @Test
    void fillCopyAndCastEveryDtypePair() {
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                compare("copy " + from + " -> " + to, 0, 1, (b, t) -> b.copy(t[0], t[1]),
                        new Operand(randn(4, 6).mul(50).to(from), x -> x.t()), op(Tensor.zeros(to, 6, 4)));
            }
            compare("fill " + from, 0, 0, (b, t) -> b.fill(t[0], -3.75), new Operand(Tensor.zeros(from, 5, 6), x -> x.slice(1, 0, 6, 2)));
        }
    }

    @Test
    void everyUnaryOpOnATransposedInput() {
        for (UnaryOp u : UnaryOp.values()) {
            double alpha = u == UnaryOp.CLAMP ? -0.5 : u == UnaryOp.POW ? 2.5 : 0.1, beta = 0.7;
            Tensor x = u == UnaryOp.LOG || u == UnaryOp.SQRT || u == UnaryOp.RSQRT || u == UnaryOp.POW ? randn(7, 9).abs().add(0.1) : randn(7, 9);
            compare("unary " + u, TOL, 1, (b, t) -> b.unary(u, t[0], alpha, beta, t[1]), new Operand(x, v -> v.t()), op(Tensor.zeros(9, 7)));
        }
    }

    @Test
    void everyActivationBackwardOnTransposedAndBroadcastOperands() {
        for (UnaryOp u : new UnaryOp[] {UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.RELU, UnaryOp.LEAKY_RELU}) {
            Tensor saved = u == UnaryOp.TANH ? randn(7, 9).tanh() : u == UnaryOp.SIGMOID ? randn(7, 9).sigmoid() : randn(7, 9);
            compare("unaryBackward " + u, TOL, 2, (b, t) -> b.unaryBackward(u, t[0], t[1], 0.2, t[2]),
                    new Operand(saved, v -> v.t()), new Operand(randn(9), v -> v.expand(7, 9).t()), op(Tensor.zeros(9, 7)));
        }
    }

    @Test
    void everyBinaryOpWithBroadcasting() {
        for (BinaryOp o : BinaryOp.values()) {
            Tensor a = o == BinaryOp.POW ? randn(5, 1, 6).abs().add(0.1) : randn(5, 1, 6);
            Tensor bb = withTies(randn(4, 1));
            compare("binary " + o, TOL, 2, (b, t) -> b.binary(o, t[0], t[1], t[2]),
                    new Operand(a, v -> v.expand(5, 4, 6)), new Operand(bb, v -> v.expand(5, 4, 6)), op(Tensor.zeros(5, 4, 6)));
        }
        for (BinaryOp o : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.MAXIMUM, BinaryOp.MINIMUM, BinaryOp.EQ, BinaryOp.GT}) {
            compare("binary " + o + " INT64", 0, 2, (b, t) -> b.binary(o, t[0], t[1], t[2]), op(Tensor.randint(-4, 4, g, 6, 5)),
                    new Operand(Tensor.randint(-4, 4, g, 5), v -> v.expand(6, 5)), op(Tensor.zeros(DType.INT64, 6, 5)));
            if (o.isComparison()) {
                compare("compare " + o + " INT64 into FLOAT32", 0, 2, (b, t) -> b.binary(o, t[0], t[1], t[2]), op(Tensor.randint(-4, 4, g, 6, 5)),
                        op(Tensor.randint(-4, 4, g, 6, 5)), op(Tensor.zeros(6, 5)));
            }
        }
        compare("where", 0, 3, (b, t) -> b.where(t[0], t[1], t[2], t[3]),
                op(randn(6, 7).gt(0)), op(randn(6, 7)), new Operand(randn(7), v -> v.expand(6, 7)), op(Tensor.zeros(6, 7)));
    }

    @Test
    void reductionsAlongAxesOfAPermutedInput() {
        for (ReduceOp r : ReduceOp.values()) {
            compare("reduce " + r + " axes 1,3", 1e-4, 1, (b, t) -> b.reduce(r, t[0], t[1]),
                    new Operand(randn(3, 4, 5, 300), v -> v.permute(1, 0, 3, 2)), op(Tensor.zeros(4, 1, 300, 1)));
            compare("reduce " + r + " all", 1e-4, 1, (b, t) -> b.reduce(r, t[0], t[1]), op(randn(33, 47).mul(0.1).add(1)), op(Tensor.zeros(1, 1)));
        }
        for (boolean max : new boolean[] {true, false}) {
            Tensor x = withTies(randn(6, 50, 7)); // ties: the first index wins
            compare("argReduce " + max, 0, 1, (b, t) -> b.argReduce(max, t[0], 1, t[1]), op(x), op(Tensor.zeros(DType.INT64, 6, 1, 7)));
        }
    }

    @Test
    void softmaxAndLogSoftmaxAlongEachAxis() {
        for (int axis = 0; axis < 3; axis++) {
            for (boolean log : new boolean[] {false, true}) {
                int a = axis;
                compare("softmax axis " + axis + " log " + log, TOL, 1, (b, t) -> b.softmax(t[0], a, log, t[1]),
                        new Operand(randn(4, 5, 1000).mul(5), v -> v), op(Tensor.zeros(4, 5, 1000)));
            }
        }
    }

    @Test
    void batchedMatmulWithTransposedAndBroadcastOperands() {
        compare("matmul 1x129x65x97", 1e-4, 2, (b, t) -> b.matmul(t[0], t[1], t[2]),
                op(randn(1, 129, 65)), op(randn(1, 65, 97)), op(Tensor.zeros(1, 129, 97)));
        compare("matmul transposed A and B, broadcast batch", 1e-4, 2, (b, t) -> b.matmul(t[0], t[1], t[2]),
                new Operand(randn(3, 40, 70), v -> v.transpose(1, 2)), new Operand(randn(1, 50, 40), v -> v.transpose(1, 2).expand(3, 40, 50)),
                op(Tensor.zeros(3, 70, 50)));
        compare("matmul K = 0", 0, 2, (b, t) -> b.matmul(t[0], t[1], t[2]), op(Tensor.zeros(2, 3, 0)), op(Tensor.zeros(2, 0, 4)), op(randn(2, 3, 4)));
    }

    @Test
    void convolutionWindowsAndConvolution() {
        for (ConvGeometry geo : new ConvGeometry[] {ConvGeometry.of(3, 1, 1), ConvGeometry.of(5, 2, 0), new ConvGeometry(3, 2, 2, 1, 1, 0, 2, 1)}) {
            Tensor x = randn(3, 4, 13, 11);
            int oh = geo.outH(13), ow = geo.outW(11), rows = 4 * geo.kernelH() * geo.kernelW();
            compare("im2col " + geo, 0, 1, (b, t) -> b.im2col(t[0], geo, -1.5, t[1]), new Operand(x, v -> v), op(Tensor.zeros(3, rows, oh * ow)));
            compare("col2im " + geo, TOL, 1, (b, t) -> b.col2im(t[0], geo, t[1]), op(randn(3, rows, oh * ow)), op(Tensor.zeros(3, 4, 13, 11)));
            compare("conv2d " + geo, 1e-4, 2, (b, t) -> b.conv2d(t[0], t[1], geo, t[2]),
                    new Operand(randn(3, 13, 11, 4), v -> v.permute(0, 3, 1, 2)), op(randn(6, 4, geo.kernelH(), geo.kernelW())), op(Tensor.zeros(3, 6, oh, ow)));
            compare("conv2dBackwardInput " + geo, 1e-4, 2, (b, t) -> b.conv2dBackwardInput(t[0], t[1], geo, t[2]),
                    op(randn(3, 6, oh, ow)), op(randn(6, 4, geo.kernelH(), geo.kernelW())), op(randn(3, 4, 13, 11)));
            compare("conv2dBackwardWeight " + geo, 1e-4, 2, (b, t) -> b.conv2dBackwardWeight(t[0], t[1], geo, t[2]),
                    op(x), op(randn(3, 6, oh, ow)), op(randn(6, 4, geo.kernelH(), geo.kernelW())));
            compare("maxPool2d " + geo, 0, 1, (b, t) -> b.maxPool2d(t[0], geo, t[1], t[2]), op(withTies(randn(3, 4, 13, 11))),
                    op(Tensor.zeros(3, 4, oh, ow)), op(Tensor.zeros(DType.INT64, 3, 4, oh, ow)));
        }
    }

    @Test
    void gatherScatterAddAndIndexSelect() {
        Tensor index = Tensor.randint(0, 9, g, 5, 4, 3);
        compare("gather", 0, 2, (b, t) -> b.gather(t[0], 1, t[1], t[2]), new Operand(randn(5, 3, 9), v -> v.transpose(1, 2)), op(index), op(Tensor.zeros(5, 4, 3)));
        compare("scatterAdd", TOL, 0, (b, t) -> b.scatterAdd(t[0], 1, t[1], t[2]), op(randn(5, 9, 3)), op(index), op(randn(5, 4, 3)));
        compare("indexSelect", 0, 2, (b, t) -> b.indexSelect(t[0], 0, t[1], t[2]), op(randn(50, 16)), op(Tensor.randint(0, 50, g, 31)),
                op(Tensor.zeros(31, 16)));
    }

    @Test
    void batchNormForwardAndBackward() {
        for (int[] shape : new int[][] {{8, 5, 6, 7}, {64, 10}}) {
            int c = shape[1];
            compare("batchNormForward " + java.util.Arrays.toString(shape), 1e-4, 3,
                    (b, t) -> b.batchNormForward(t[0], t[1], t[2], 1e-5, t[3], t[4], t[5]),
                    op(randn(shape).mul(3).add(1)), op(randn(c)), op(randn(c)), op(Tensor.zeros(shape)), op(Tensor.zeros(c)), op(Tensor.zeros(c)));
            compare("batchNormBackward " + java.util.Arrays.toString(shape), 1e-4, 5,
                    (b, t) -> b.batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]),
                    op(randn(shape)), op(randn(shape)), op(randn(c)), op(randn(c).mul(0.1)), op(randn(c).abs().add(0.5)),
                    op(Tensor.zeros(shape)), op(Tensor.zeros(c)), op(Tensor.zeros(c)));
        }
    }

    @Test
    void lstmCellForwardAndBackward() {
        compare("lstmCellForward", TOL, 2, (b, t) -> b.lstmCellForward(t[0], t[1], t[2], t[3], t[4]),
                op(randn(6, 4 * 33)), op(randn(6, 33)), op(Tensor.zeros(6, 4 * 33)), op(Tensor.zeros(6, 33)), op(Tensor.zeros(6, 33)));
        compare("lstmCellBackward", TOL, 5, (b, t) -> b.lstmCellBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6]),
                op(Tensor.rand(g, 6, 4 * 33)), op(randn(6, 33)), op(randn(6, 33)), op(randn(6, 33)), op(randn(6, 33)),
                op(Tensor.zeros(6, 4 * 33)), op(Tensor.zeros(6, 33)));
    }

    @Test
    void fusedOptimiserSteps() {
        compare("adamStep", 1e-5, 0, (b, t) -> b.adamStep(t[0], t[1], t[2], t[3], 0.9, 0.999, 1e-3, 0.3, 1e-8, 1e-4, 1e-3),
                op(randn(40, 30)), op(randn(40, 30)), op(randn(40, 30).mul(0.1)), op(randn(40, 30).abs()));
        compare("rmspropStep", 1e-5, 0, (b, t) -> b.rmspropStep(t[0], t[1], t[2], 0.9, 1e-3, 1e-7, 1e-4),
                op(randn(40, 30)), op(randn(40, 30)), op(randn(40, 30).abs()));
    }

    @Test
    void randomFillsDrawTheCpuGeneratorsSequence() {
        Tensor cpu = Tensor.zeros(300, 7), gpu = Tensor.zeros(DType.FLOAT32, GPU, 300, 7);
        cpu.backend().fillNormal(cpu, 1, 2, new Generator(11));
        gpu.backend().fillNormal(gpu, 1, 2, new Generator(11));
        assertArrayEquals(cpu.toFloatArray(), gpu.to(Device.CPU).toFloatArray());
    }

    @Test
    void opsWithoutKernelsFallBackToTheCpuAndStayCorrect() {
        compare("binary DIV on INT64 (fallback)", 0, 2, (b, t) -> b.binary(BinaryOp.DIV, t[0], t[1], t[2]),
                op(Tensor.randint(-5, 5, g, 4, 5)), op(Tensor.randint(1, 5, g, 4, 5)), op(Tensor.zeros(DType.INT64, 4, 5)));
        compare("unary EXP on FLOAT64 (fallback)", 1e-12, 1, (b, t) -> b.unary(UnaryOp.EXP, t[0], 0, 0, t[1]),
                op(randn(4, 5).to(DType.FLOAT64)), op(Tensor.zeros(DType.FLOAT64, 4, 5)));
    }

    @Test
    void theTensorApiRunsOnTheGpu() {
        Tensor a = randn(20, 30), b = randn(30, 10);
        Tensor expected = a.matmul(b).relu().softmax(1).sum(0);
        Tensor actual = a.to(GPU).matmul(b.to(GPU)).relu().softmax(1).sum(0);
        assertEquals(GPU, actual.device());
        GpuTests.assertClose("matmul, relu, softmax, sum", expected, actual.to(Device.CPU), 1e-4);
    }

    @Test
    void deviceMemoryStaysFlatAcrossRepeatedSteps() {
        CudaBackend backend = (CudaBackend) dev.tensorj.tensor.Backends.forDevice(GPU);
        Tensor w = randn(256, 256).to(GPU);
        long before = 0;
        for (int step = 0; step < 30; step++) {
            Tensor x = randn(64, 256).to(GPU);
            for (int layer = 0; layer < 5; layer++) x = x.matmul(w).tanh();
            x.sum().item();
            System.gc();
            if (step == 10) before = backend.memoryStats().bytesInUse() + backend.memoryStats().bytesCached();
        }
        long after = backend.memoryStats().bytesInUse() + backend.memoryStats().bytesCached();
        assertTrue(after <= before * 2 + (4 << 20), "device memory grew from " + before + " to " + after + ": " + backend.memoryStats());
    }
}
