package dev.tensorj.bench.gpu;

import dev.tensorj.cuda.CudaBackend;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
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
 * FP32 SGEMM n x n x n on cuda:0, our tiled kernel against cuBLAS ({@code cublasSgemmStridedBatched}, FP32
 * math, no TF32). One op is one product (2 n^3 flops), synchronised. PyTorch's figure for the same shapes:
 * {@code scripts/gpu/torch_bench.py}. Target: ours at least 0.8x cuBLAS at 4096.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class GpuSgemmBenchmark {
    @Param({"1024", "4096", "8192"})
    public int n;

    @Param({"ours", "cublas"})
    public String path;

    private CudaBackend backend;
    private Tensor a, b, c;

    @Setup
    public void setUp() {
        backend = GpuBench.open(path);
        Generator g = new Generator(1);
        a = Tensor.randn(g, 1, n, n).to(GpuBench.GPU);
        b = Tensor.randn(g, 1, n, n).to(GpuBench.GPU);
        c = Tensor.zeros(DType.FLOAT32, GpuBench.GPU, 1, n, n);
    }

    @Benchmark
    public void sgemm() {
        backend.matmul(a, b, c);
        backend.synchronize();
    }
}
