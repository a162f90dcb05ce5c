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
 * each row: contiguous reads), on all cores, and a bias gradient's column sum: the LSTM's gate gradients [T·B, 4H] =
 * [2560, 128] of the IMDB model summed over the rows. The figure is bytes moved per second, see {@link #bytes}.
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

    /** Rows and columns of {@link #sumBiasGradient}'s matrix. */
    public static final int GRADIENT_ROWS = 2560, GRADIENT_COLUMNS = 128;

    private Tensor gateGradients;

    /** Bytes one op of {@code method} moves: its matrix read once, one row of results written. */
    public static double bytes(String method) {
        return method.equals("sumBiasGradient") ? 4.0 * GRADIENT_ROWS * GRADIENT_COLUMNS + 4.0 * GRADIENT_COLUMNS
                : 4.0 * SIDE * SIDE + 4.0 * SIDE;
    }

    /** The matrix a method sums, for the summary's row name. */
    public static String shape(String method) {
        return method.equals("sumBiasGradient") ? GRADIENT_ROWS + "x" + GRADIENT_COLUMNS : SIDE + "x" + SIDE;
    }

    @Setup
    public void setUp() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        x = Tensor.randn(new Generator(13), SIDE, SIDE);
        gateGradients = Tensor.randn(new Generator(14), GRADIENT_ROWS, GRADIENT_COLUMNS);
    }

    @Benchmark
    public Tensor sumAxis0() {
        return x.sum(0);
    }

    @Benchmark
    public Tensor sumAxis1() {
        return x.sum(1);
    }

    @Benchmark
    public Tensor sumBiasGradient() {
        return gateGradients.sum(0);
    }
}
