package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast GEMM against the reference triple loop, on sizes around the micro-tile (6 x 16) and the
 * cache blocks (96 x 256), with transposed, strided and batch-broadcast operands, on 1 and 2 threads.
 * Tolerance: float32 accumulation error grows with K, so |fast - ref| &lt;= 1e-5 * K * (1 + |ref|).
 */
class GemmConformanceTest {

    static Stream<Arguments> shapes() {
        int[] sizes = {1, 2, 5, 6, 7, 15, 16, 17, 33, 97, 130};
        List<Arguments> cases = new ArrayList<>();
        long seed = 0;
        for (int m : sizes) for (int n : new int[] {1, 16, 17, 45}) for (int k : new int[] {1, 7, 64, 300}) cases.add(Arguments.of(m, n, k, seed++));
        cases.add(Arguments.of(200, 300, 260, seed++));
        cases.add(Arguments.of(64, 208, 520, seed++));
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} seed={3}")
    @MethodSource("shapes")
    void matchesReferenceOnContiguousAndTransposedOperands(int m, int n, int k, long seed) {
        Generator g = new Generator(seed);
        Tensor a = Tensor.randn(g, m, k), b = Tensor.randn(g, k, n);
        Tensor aT = Tensor.randn(g, k, m).t(), bT = Tensor.randn(g, n, k).t(); // transposed views
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            check(a, b, "contiguous", seed, threads);
            check(aT, b, "A transposed", seed, threads);
            check(a, bT, "B transposed", seed, threads);
            check(aT, bT, "both transposed", seed, threads);
        }
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void matchesReferenceOnStridedAndBroadcastBatches(long seed) {
        Generator g = new Generator(seed);
        Tensor wide = Tensor.randn(g, 3, 40, 70);
        Tensor a = wide.slice(2, 0, 70, 2);                 // [3, 40, 35], every other column
        Tensor b = Tensor.randn(g, 35, 19).unsqueeze(0).expand(3, 35, 19); // batch stride 0
        Tensor out = Tensor.zeros(3, 40, 19), expected = Tensor.zeros(3, 40, 19);
        CpuBackend.INSTANCE.matmul(a, b, out);
        ReferenceBackend.INSTANCE.matmul(a, b, expected);
        assertClose(out, expected, 35, "strided/broadcast batch, seed " + seed);
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L);
    }

    private static void check(Tensor a, Tensor b, String what, long seed, int threads) {
        Tensor a3 = a.unsqueeze(0), b3 = b.unsqueeze(0);
        Tensor out = Tensor.zeros(1, a.size(0), b.size(1)), expected = Tensor.zeros(1, a.size(0), b.size(1));
        CpuBackend.INSTANCE.matmul(a3, b3, out);
        ReferenceBackend.INSTANCE.matmul(a3, b3, expected);
        assertClose(out, expected, a.size(1), what + " " + a.shape() + " x " + b.shape() + ", seed " + seed + ", " + threads + " threads, kernel " + GemmKernels.implementation());
    }

    private static void assertClose(Tensor actual, Tensor expected, int k, String what) {
        float[] x = actual.toFloatArray(), y = expected.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            double tolerance = 1e-5 * Math.max(1, k) * (1 + Math.abs(y[i]));
            assertTrue(Math.abs(x[i] - y[i]) <= tolerance, what + ": element " + i + " is " + x[i] + ", reference " + y[i]);
        }
    }
}
