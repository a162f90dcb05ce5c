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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Softmax over the rows (axis 1) of a 1024×1024 FLOAT32 matrix on all cores. Reported in ms per call;
 * its share of the bandwidth counts the input read once and the output written once ({@link #bytes}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SoftmaxBenchmark {
    public static final int SIDE = 1024;

    private Tensor x;

    public static double bytes() {
        return 2 * 4.0 * SIDE * SIDE;
    }

    @Setup
    public void setUp() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        x = Tensor.randn(new Generator(17), SIDE, SIDE);
    }

    @Benchmark
    public Tensor softmaxRows() {
        return x.softmax(1);
    }
}
