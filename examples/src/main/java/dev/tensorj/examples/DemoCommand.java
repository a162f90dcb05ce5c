package dev.tensorj.examples;

import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;

/** A short tour of the Tensor: views, broadcasting, reductions, and a timed matrix product. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Prints a few tensors and views, then times a square float32 matmul and prints its GFLOP/s.")
public final class DemoCommand implements Runnable {

    @Option(names = "--size", defaultValue = "1024", description = "Side of the square matrices to multiply (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--repeats", defaultValue = "10", description = "Timed repetitions per thread count (default ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public void run() {
        if (size < 1) throw new UsageError("--size must be at least 1, got " + size);
        if (repeats < 1) throw new UsageError("--repeats must be at least 1, got " + repeats);
        PrintStream out = System.out;
        Tensor x = Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3);
        out.println("x = Tensor.arange(0.0, 6.0, 1.0).reshape(2, 3)\n" + x + "\n");
        out.println("x.t()  (a view: same storage, strides " + java.util.Arrays.toString(x.t().strides()) + ")\n" + x.t() + "\n");
        out.println("x.add(Tensor.of(10, 20, 30))  (broadcast over rows)\n" + x.add(Tensor.of(10, 20, 30)) + "\n");
        out.println("x.sum(1) = " + x.sum(1) + "\n");
        out.println("x.softmax(1)\n" + x.softmax(1) + "\n");
        out.println("x.matmul(x.t())\n" + x.matmul(x.t()) + "\n");

        out.printf(Locale.ROOT, "Timing %d x %d x %d float32 matmul on the '%s' backend (%d repeats):%n",
                size, size, size, Backends.cpu().name(), repeats);
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, size, size);
        Tensor b = Tensor.randn(g, size, size);
        int maxThreads = Backends.cpuThreads();
        for (int threads = 1; threads <= maxThreads; threads *= 2) {
            Backends.setCpuThreads(threads);
            double gflops = timeMatmul(a, b, repeats);
            out.printf(Locale.ROOT, "  %d thread%s: %7.1f GFLOP/s%n", threads, threads == 1 ? " " : "s", gflops);
        }
        Backends.setCpuThreads(maxThreads);
        out.println("(PyTorch 1.13 with OpenBLAS measured 92 GFLOP/s on 1 thread, 181 on 2, on a 2-core Zen 3 VM: docs/performance.md)");
    }

    /** Best-of-repeats GFLOP/s after a warm-up: a matmul of n x n by n x n costs 2 n^3 flops. */
    static double timeMatmul(Tensor a, Tensor b, int repeats) {
        for (int i = 0; i < 3; i++) a.matmul(b);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            a.matmul(b);
            best = Math.min(best, System.nanoTime() - start);
        }
        double flops = 2.0 * a.size(0) * a.size(1) * b.size(1);
        return flops / best;
    }
}
