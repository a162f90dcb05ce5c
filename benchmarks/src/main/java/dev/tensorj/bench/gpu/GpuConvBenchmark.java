package dev.tensorj.bench.gpu;

import dev.tensorj.cuda.CudaBackend;
import dev.tensorj.tensor.ConvGeometry;
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
 * C2's three convolutions (3x3 'same' at 28x28, batch 64: 1->112, 112->64, 64->128) on cuda:0, each pass
 * (forward, backward to the input, backward to the weight) on each path: our im2col + SGEMM, our im2col +
 * cuBLAS, cuDNN (FP32 math). PyTorch's figures: {@code scripts/gpu/torch_bench.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GpuConvBenchmark {
    @Param({"1to112", "112to64", "64to128"})
    public String layer;

    @Param({"forward", "backward-input", "backward-weight"})
    public String pass;

    @Param({"ours", "cublas", "cudnn"})
    public String path;

    private static final ConvGeometry SAME = ConvGeometry.of(3, 1, 1);
    private CudaBackend backend;
    private Tensor x, w, y;

    @Setup
    public void setUp() {
        backend = GpuBench.open(path);
        String[] channels = layer.split("to");
        int in = Integer.parseInt(channels[0]), out = Integer.parseInt(channels[1]);
        Generator g = new Generator(2);
        x = Tensor.randn(g, 64, in, 28, 28).to(GpuBench.GPU);
        w = Tensor.randn(g, out, in, 3, 3).to(GpuBench.GPU);
        y = Tensor.randn(g, 64, out, 28, 28).to(GpuBench.GPU);
        if (pass.equals("backward-input")) x = Tensor.zeros(DType.FLOAT32, GpuBench.GPU, 64, in, 28, 28);
        if (pass.equals("backward-weight")) w = Tensor.zeros(DType.FLOAT32, GpuBench.GPU, out, in, 3, 3);
    }

    @Benchmark
    public void convolution() {
        switch (pass) {
            case "forward" -> backend.conv2d(x, w, SAME, y);
            case "backward-input" -> backend.conv2dBackwardInput(y, w, SAME, x);
            default -> backend.conv2dBackwardWeight(x, y, SAME, w);
        }
        backend.synchronize();
    }
}
