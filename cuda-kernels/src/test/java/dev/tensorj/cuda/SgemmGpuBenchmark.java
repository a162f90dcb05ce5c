package dev.tensorj.cuda;

import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.Locale;

/**
 * The GPU benchmark run by {@code scripts/gpu/run.sh} on the GPU machine (JMH's forked JVMs do not fit the
 * bundle, and CI has no GPU, so this is a plain main, not a JUnit test): our tiled SGEMM at n = 1024, 4096,
 * 8192 (median of 5 timed runs after 2 warm-ups, synchronised), and a 3x3 convolution layer of C2's size.
 * {@code scripts/gpu/torch_bench.py} prints the same lines for PyTorch (cuBLAS / cuDNN) on the same machine.
 */
public final class SgemmGpuBenchmark {
    private SgemmGpuBenchmark() {
    }

    public static void main(String[] args) {
        Device gpu = Device.cuda(0);
        if (!Backends.isAvailable(gpu)) {
            System.out.println("no GPU: " + CudaRuntime.probe(0).reason());
            return;
        }
        CudaBackend backend = (CudaBackend) Backends.forDevice(gpu);
        CudaRuntime runtime = CudaRuntime.probe(0).runtime();
        System.out.println("device: " + runtime.name());
        Generator g = new Generator(1);
        for (int n : new int[] {1024, 4096, 8192}) {
            Tensor a = Tensor.randn(g, 1, n, n).to(gpu), b = Tensor.randn(g, 1, n, n).to(gpu);
            Tensor c = Tensor.zeros(DType.FLOAT32, gpu, 1, n, n);
            double seconds = median(() -> backend.matmul(a, b, c), runtime);
            System.out.printf(Locale.ROOT, "tensorj sgemm n=%d: %.3f ms, %.0f GFLOP/s%n", n, seconds * 1e3, 2.0 * n * n * n / seconds / 1e9);
        }
        // C2's second convolution: 128 images of 32 channels, 14x14, 64 filters of 3x3, padding 1.
        var geometry = dev.tensorj.tensor.ConvGeometry.of(3, 1, 1);
        Tensor x = Tensor.randn(g, 128, 32, 14, 14).to(gpu), w = Tensor.randn(g, 64, 32, 3, 3).to(gpu);
        Tensor out = Tensor.zeros(DType.FLOAT32, gpu, 128, 64, 14, 14);
        double conv = median(() -> backend.conv2d(x, w, geometry, out), runtime);
        System.out.printf(Locale.ROOT, "tensorj conv2d 128x32x14x14 * 64x32x3x3: %.3f ms%n", conv * 1e3);
        System.out.println("device memory: " + backend.memoryStats());
    }

    private static double median(Runnable op, CudaRuntime runtime) {
        for (int i = 0; i < 2; i++) op.run();
        runtime.synchronize();
        double[] times = new double[5];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            op.run();
            runtime.synchronize();
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        java.util.Arrays.sort(times);
        return times[times.length / 2];
    }
}
