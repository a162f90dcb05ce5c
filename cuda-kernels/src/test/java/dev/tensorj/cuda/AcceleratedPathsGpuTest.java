package dev.tensorj.cuda;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.tensorj.cuda.GpuTests.GPU;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every path forced in turn ({@code tensorj.cuda.path=ours|cublas|cudnn}, a fresh backend each): matrix
 * products and the three convolution passes against the reference, on contiguous, transposed, broadcast and
 * channels-last operands; then the backend must say the forced path ran. A forced path whose library does
 * not load fails here with the reason (that is the point of forcing it). Needs a GPU: skips without one.
 */
@Tag("gpu")
class AcceleratedPathsGpuTest {
    private final Generator g = new Generator(25);

    @BeforeEach
    void gpu() {
        GpuTests.assumeGpu();
    }

    static CudaBackend backendWith(String path) {
        String old = System.getProperty(GpuPath.PROPERTY);
        System.setProperty(GpuPath.PROPERTY, path);
        try {
            return new CudaBackend(GPU, CudaRuntime.probe(0).runtime());
        } finally {
            if (old == null) System.clearProperty(GpuPath.PROPERTY);
            else System.setProperty(GpuPath.PROPERTY, old);
        }
    }

    interface Op {
        void run(Backend backend, Tensor[] t);
    }

    /**
     * Runs {@code op} on the reference (host copies) and on {@code gpu} (device copies of the views); compares the
     * operands {@code checked} (the last one when none is named).
     */
    static void compare(CudaBackend gpu, String what, double tol, Op op, Tensor[] bases, UnaryOperator<Tensor>[] views, int... checked) {
        Tensor[] host = new Tensor[bases.length], device = new Tensor[bases.length];
        for (int i = 0; i < bases.length; i++) {
            host[i] = views[i].apply(bases[i].copy());
            device[i] = views[i].apply(bases[i].to(GPU));
        }
        op.run(ReferenceBackend.INSTANCE, host);
        op.run(gpu, device);
        for (int i : checked.length == 0 ? new int[] {bases.length - 1} : checked) {
            GpuTests.assertClose(what + ", operand " + i + ", on " + gpu.paths(), host[i], device[i].to(Device.CPU), tol);
        }
    }

    @SafeVarargs
    static UnaryOperator<Tensor>[] views(UnaryOperator<Tensor>... views) {
        return views;
    }

    static final UnaryOperator<Tensor> AS_IS = t -> t;

    @ParameterizedTest
    @ValueSource(strings = {"ours", "cublas", "cudnn"})
    void productsAndConvolutionsAgreeWithTheReferenceOnEveryPath(String path) {
        CudaBackend gpu = backendWith(path);
        Op matmul = (b, t) -> b.matmul(t[0], t[1], t[2]);
        compare(gpu, "matmul 4x129x65 @ 65x97", 1e-4, matmul, new Tensor[] {Tensor.randn(g, 4, 129, 65), Tensor.randn(g, 4, 65, 97), Tensor.zeros(4, 129, 97)},
                views(AS_IS, AS_IS, AS_IS));
        compare(gpu, "matmul transposed A and B, broadcast batch", 1e-4, matmul,
                new Tensor[] {Tensor.randn(g, 3, 40, 70), Tensor.randn(g, 1, 50, 40), Tensor.zeros(3, 50, 70)},
                views(v -> v.transpose(1, 2), v -> v.transpose(1, 2).expand(3, 40, 50), v -> v.transpose(1, 2)));
        compare(gpu, "matmul 1024^2", 1e-3, matmul, new Tensor[] {Tensor.randn(g, 1, 1024, 1024), Tensor.randn(g, 1, 1024, 1024), Tensor.zeros(1, 1024, 1024)},
                views(AS_IS, AS_IS, AS_IS));
        for (ConvGeometry geo : new ConvGeometry[] {ConvGeometry.of(3, 1, 1), ConvGeometry.of(5, 2, 0), new ConvGeometry(3, 2, 2, 1, 1, 0, 2, 1)}) {
            int oh = geo.outH(13), ow = geo.outW(11);
            compare(gpu, "conv2d (channels-last input) " + geo, 1e-4, (b, t) -> b.conv2d(t[0], t[1], geo, t[2]),
                    new Tensor[] {Tensor.randn(g, 3, 13, 11, 4), Tensor.randn(g, 6, 4, geo.kernelH(), geo.kernelW()), Tensor.zeros(3, 6, oh, ow)},
                    views(v -> v.permute(0, 3, 1, 2), AS_IS, AS_IS));
            compare(gpu, "conv2dBackwardInput " + geo, 1e-4, (b, t) -> b.conv2dBackwardInput(t[0], t[1], geo, t[2]),
                    new Tensor[] {Tensor.randn(g, 3, 6, oh, ow), Tensor.randn(g, 6, 4, geo.kernelH(), geo.kernelW()), Tensor.randn(g, 3, 4, 13, 11)},
                    views(AS_IS, AS_IS, AS_IS));
            compare(gpu, "conv2dBackwardWeight " + geo, 1e-4, (b, t) -> b.conv2dBackwardWeight(t[0], t[1], geo, t[2]),
                    new Tensor[] {Tensor.randn(g, 3, 4, 13, 11), Tensor.randn(g, 3, 6, oh, ow), Tensor.randn(g, 6, 4, geo.kernelH(), geo.kernelW())},
                    views(AS_IS, AS_IS, AS_IS));
        }
        // C2's first convolution at batch 64: 3 -> 32 channels, 32x32, 3x3 "same".
        ConvGeometry same = ConvGeometry.of(3, 1, 1);
        compare(gpu, "conv2d C2 layer 1", 1e-4, (b, t) -> b.conv2d(t[0], t[1], same, t[2]),
                new Tensor[] {Tensor.randn(g, 64, 3, 32, 32), Tensor.randn(g, 32, 3, 3, 3), Tensor.zeros(64, 32, 32, 32)}, views(AS_IS, AS_IS, AS_IS));

        for (int[] shape : new int[][] {{8, 5, 6, 7}, {64, 10}}) {
            int c = shape[1];
            int[] reduced = shape.length == 4 ? new int[] {0, 2, 3} : new int[] {0};
            UnaryOperator<Tensor>[] six = views(AS_IS, AS_IS, AS_IS, AS_IS, AS_IS, AS_IS);
            compare(gpu, "batchNormForward " + java.util.Arrays.toString(shape), 1e-4, (b, t) -> b.batchNormForward(t[0], t[1], t[2], 1e-3, t[3], t[4], t[5]),
                    new Tensor[] {Tensor.randn(g, shape).mul(3).add(1), Tensor.randn(g, c), Tensor.randn(g, c), Tensor.zeros(shape), Tensor.zeros(c), Tensor.zeros(c)},
                    six, 3, 4, 5);
            // the backward on statistics consistent with x, as training produces them
            Tensor x = Tensor.randn(g, shape).mul(2).add(0.5);
            Tensor mean = x.mean(reduced, false), invStd = x.sub(x.mean(reduced, true)).square().mean(reduced, false).add(1e-3).rsqrt();
            compare(gpu, "batchNormBackward " + java.util.Arrays.toString(shape), 1e-3,
                    (b, t) -> b.batchNormBackward(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]),
                    new Tensor[] {Tensor.randn(g, shape), x, Tensor.randn(g, c), mean, invStd, Tensor.zeros(shape), Tensor.zeros(c), Tensor.zeros(c)},
                    views(AS_IS, AS_IS, AS_IS, AS_IS, AS_IS, AS_IS, AS_IS, AS_IS), 5, 6, 7);
        }

        Map<String, String> used = gpu.pathsUsed();
        String gemm = switch (path) {
            case "ours" -> "our kernels";
            default -> "cuBLAS";
        };
        String conv = switch (path) {
            case "ours" -> "our kernels";
            case "cublas" -> "cuBLAS";
            default -> "cuDNN";
        };
        assertEquals(gemm, used.get("matmul"), "matmul path, all used: " + used);
        for (String family : new String[] {"conv2d", "conv2d backward input", "conv2d backward weight"}) {
            assertEquals(conv, used.get(family), family + " path, all used: " + used);
        }
        String norm = path.equals("cudnn") ? "cuDNN" : "our kernels";
        for (String family : new String[] {"batch norm", "batch norm backward"}) {
            assertEquals(norm, used.get(family), family + " path, all used: " + used);
        }
    }
}
