package dev.tensorj.bench;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * {@code Tensor.matmul} on FLOAT32: square N×N·N×N, and the three products of C2's classifier layer
 * (linear 25088→208 at batch 64) as autograd will issue them. One op is one product of 2·M·N·K flops.
 * {@link #matmul} allocates its result as a user's {@code a.matmul(b)} does; {@link #matmulInto} writes into one C
 * allocated once, as PyTorch's {@code torch.matmul(a, b, out=c)} in {@code benchmarks/pytorch/steps.py} does, so the
 * side-by-side SGEMM rows compare the same work (at 1024 on two threads, a fresh 4 MiB C costs a few per cent).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GemmBenchmark {
    /** A square size N, or one of the linear-layer products (see {@link #dims}). */
    @Param({"128", "256", "512", "1024", "2048", "linear-fwd", "linear-dX", "linear-dW"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor a, b;
    /** A and B as the backend's batched product takes them ([1, M, K], [1, K, N]), and the C they are written into. */
    private Tensor a3, b3, c3;

    /**
     * {M, K, N} of a shape. The three linear shapes are the products of {@code Linear(25088, 208)} at
     * batch 64 (C2's first dense layer), on the layouts the layer uses: W is stored [208, 25088]
     * (PyTorch's [out, in]), so the forward is X·Wᵀ (64×25088 · 25088×208, Wᵀ a transposed view), and
     * the gradients are dX = G·W (64×208 · 208×25088) and dW = Gᵀ·X (208×64 · 64×25088, Gᵀ a view).
     */
    public static int[] dims(String shape) {
        return switch (shape) {
            case "linear-fwd" -> new int[] {64, 25088, 208};
            case "linear-dX" -> new int[] {64, 208, 25088};
            case "linear-dW" -> new int[] {208, 64, 25088};
            default -> {
                int n = Integer.parseInt(shape);
                yield new int[] {n, n, n};
            }
        };
    }

    /** 2·M·N·K: one multiply and one add per term. */
    public static double flops(String shape) {
        int[] d = dims(shape);
        return 2.0 * d[0] * d[1] * d[2];
    }

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        Generator generator = new Generator(7);
        int[] d = dims(shape);
        switch (shape) {
            case "linear-fwd" -> { // X · Wᵀ with W stored [208, 25088]
                a = Tensor.randn(generator, d[0], d[1]);
                b = Tensor.randn(generator, d[2], d[1]).t();
            }
            case "linear-dW" -> { // Gᵀ · X with G stored [64, 208]
                a = Tensor.randn(generator, d[1], d[0]).t();
                b = Tensor.randn(generator, d[1], d[2]);
            }
            default -> { // square, and dX = G · W: both row-major
                a = Tensor.randn(generator, d[0], d[1]);
                b = Tensor.randn(generator, d[1], d[2]);
            }
        }
        a3 = a.unsqueeze(0);
        b3 = b.unsqueeze(0);
        c3 = Tensor.zeros(1, d[0], d[2]);
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }

    @Benchmark
    public Tensor matmulInto() {
        a.backend().matmul(a3, b3, c3);
        return c3;
    }
}
