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
 * Sums of a 1024×1024 FLOAT32 matrix over axis 0 (down the columns: strided reads) and axis 1 (along
 * each row: contiguous reads), on all cores. The figure is bytes moved per second, see {@link #bytes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ReductionBenchmark {
    public static final int SIDE = 1024;

    private Tensor x;

    /** Bytes one op moves: the matrix read once, one row of results written. */
    public static double bytes() {
        return 4.0 * SIDE * SIDE + 4.0 * SIDE;
    }

    @Setup
    public void setUp() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        x = Tensor.randn(new Generator(13), SIDE, SIDE);
    }

    @Benchmark
    public Tensor sumAxis0() {
        return x.sum(0);
    }

    @Benchmark
    public Tensor sumAxis1() {
        return x.sum(1);
    }
}
