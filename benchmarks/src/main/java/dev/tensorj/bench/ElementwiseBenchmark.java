package dev.tensorj.bench;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;
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
 * Binary elementwise ops on 4M floats ([2048, 2048]), contiguous and with a broadcast [2048] row, and two
 * activations' one-pass backward (g times the derivative, read from a second [2048, 2048] tensor), on all cores. Memory-bound: the figure is bytes moved (reads + writes) per second, see {@link #bytes}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ElementwiseBenchmark {
    public static final int SIDE = 2048;

    private Tensor a, b, row;

    /** Bytes one op moves: both inputs read, the output written. */
    public static double bytes(String method) {
        double matrix = 4.0 * SIDE * SIDE, rowBytes = 4.0 * SIDE;
        return method.endsWith("Broadcast") ? 2 * matrix + rowBytes : 3 * matrix;
    }

    @Setup
    public void setUp() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        Generator generator = new Generator(11);
        a = Tensor.randn(generator, SIDE, SIDE);
        b = Tensor.randn(generator, SIDE, SIDE);
        row = Tensor.randn(generator, SIDE);
    }

    @Benchmark
    public Tensor add() {
        return a.add(b);
    }

    @Benchmark
    public Tensor mul() {
        return a.mul(b);
    }

    @Benchmark
    public Tensor addBroadcast() {
        return a.add(row);
    }

    @Benchmark
    public Tensor mulBroadcast() {
        return a.mul(row);
    }

    /** LeakyReLU's input gradient: b where a &gt; 0, else 0.2 b. */
    @Benchmark
    public Tensor leakyReluBackward() {
        return a.unaryBackward(UnaryOp.LEAKY_RELU, b, 0.2);
    }

    /** tanh's input gradient from its output a: b (1 - a²), in double lanes. */
    @Benchmark
    public Tensor tanhBackward() {
        return a.unaryBackward(UnaryOp.TANH, b, 0);
    }
}
