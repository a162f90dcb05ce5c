package dev.tensorj.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The machine's limits in the same run as the kernels (see {@link FmaPeak}): FMA peak on one and two
 * threads ({@link FmaPeak#flopsPerLoop()} flops per op) and the stream triad bandwidth (12 bytes per
 * element per op). JMH sums the throughput of its threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PeakBenchmark {
    /** Floats per triad array: 64 MiB each, far beyond the last-level cache. */
    public static final int TRIAD_LENGTH = 1 << 24;

    private float[] x, y, z;

    @Setup
    public void setUp() {
        x = new float[TRIAD_LENGTH];
        y = new float[TRIAD_LENGTH];
        z = new float[TRIAD_LENGTH];
        Arrays.fill(y, 1f);
        Arrays.fill(z, 2f);
    }

    @Benchmark
    @Threads(1)
    public float fma1() {
        return FmaPeak.fmaLoop();
    }

    @Benchmark
    @Threads(2)
    public float fma2() {
        return FmaPeak.fmaLoop();
    }

    @Benchmark
    @Threads(1)
    public float[] triad1() {
        FmaPeak.triad(x, y, z, 0.5f, 0, TRIAD_LENGTH);
        return x;
    }

    @Benchmark
    @Threads(2)
    public float[] triad2() {
        FmaPeak.triad(x, y, z, 0.5f, 0, TRIAD_LENGTH);
        return x;
    }
}
