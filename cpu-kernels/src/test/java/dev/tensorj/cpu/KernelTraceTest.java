package dev.tensorj.cpu;

import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Convolution;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.KernelTrace;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code -Dtensorj.trace=kernels}: one line per kernel call naming the route CpuBackend took. */
class KernelTraceTest {

    /** The trace lines printed while {@code body} runs on the traced CPU backend. */
    private static List<String> trace(Runnable body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (var scope = Backends.useCpu(KernelTrace.wrap(CpuBackend.INSTANCE, out))) {
            body.run();
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String conv2dRoute(int channels, int outChannels, int kernel) {
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 2, channels, 9, 9), w = Tensor.randn(g, outChannels, channels, kernel, kernel);
        List<String> lines = trace(() -> Convolution.forward(x, w, ConvGeometry.of(kernel, 1, kernel / 2)));
        String line = lines.stream().filter(l -> l.contains("conv2d ")).findFirst().orElseThrow(() -> new AssertionError("no conv2d line in " + lines));
        assertTrue(line.startsWith("[kernels] conv2d") && line.contains(" cpu ") && line.contains("[2, " + channels + ", 9, 9]")
                && line.contains("-> [2, " + outChannels + ", 9, 9]") && line.trim().endsWith("ms"), line);
        return line;
    }

    @Test
    void convolutionsNameTheAlgorithmTheyTook() {
        assertTrue(conv2dRoute(16, 16, 3).contains("winograd F(2x2,3x3)"), "3x3, 16 channels each side");
        // C1's first layer (K = 9) takes the implicit GEMM, whose kernels are vector loops only
        assertTrue(conv2dRoute(1, 6, 3).contains(Simd.AVAILABLE ? "implicit gemm" : "im2col + gemm"), "C1's first layer, SIMD " + Simd.AVAILABLE);
        assertTrue(conv2dRoute(8, 20, 5).contains("im2col + gemm"), "5x5 with K = 200 > 128");
    }

    @Test
    void matmulNamesItsGemmRouteAndOtherDtypesTheReference() {
        Tensor a = Tensor.randn(new Generator(1), 64, 64), b = Tensor.randn(new Generator(2), 64, 64);
        List<String> lines = trace(() -> a.matmul(b));
        assertTrue(lines.stream().anyMatch(l -> l.contains("matmul") && l.contains("gemm blocked")), lines.toString());
        List<String> doubles = trace(() -> a.to(DType.FLOAT64).add(1));
        assertTrue(doubles.stream().anyMatch(l -> l.contains("add") && l.contains("reference loops")), doubles.toString());
    }

    @Test
    void aKernelKeepsItsRouteAcrossTheTensorOpsItCallsItself() {
        // a float32 matmul whose output is strided goes through a contiguous temporary and a traced copy
        Tensor a = Tensor.randn(new Generator(1), 32, 40), b = Tensor.randn(new Generator(2), 40, 48);
        List<String> lines = trace(() -> a.matmul(b));
        long untagged = lines.stream().filter(l -> l.matches("\\[kernels] \\S+\\s+cpu\\s+- .*")).count();
        assertEquals(0, untagged, "every call names its route: " + lines);
    }
}
