package dev.tensorj.bench;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Embedding;
import dev.tensorj.nn.layers.GRU;
import dev.tensorj.nn.layers.LSTM;
import dev.tensorj.nn.layers.RNN;
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
 * {@link RecurrentBenchmark}'s row (indices [32, 80] → Embedding(20000, 32) → a recurrent layer with
 * hidden size 32, batch first → every step's hidden state; the backward from sum(outputs) to the table
 * and the layer's weights) with a GRU or a simple tanh RNN in the LSTM's place ({@code cell}; "lstm"
 * gives RecurrentBenchmark's model).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GruRnnBenchmark {
    /** The recurrent layer: gru, rnn or lstm. */
    @Param({"gru", "rnn"})
    public String cell;

    private Sequential model;
    private Tensor indices;

    @Setup
    public void setUp() {
        Generator g = new Generator(4);
        Layer recurrent = switch (cell) {
            case "gru" -> new GRU(32, 32, 1, true, false, 0, g);
            case "rnn" -> new RNN(32, 32, 1, true, false, 0, false, g);
            case "lstm" -> new LSTM(32, 32, 1, true, false, 0, g);
            default -> throw new IllegalArgumentException("GruRnnBenchmark: cell must be gru, rnn or lstm, got " + cell);
        };
        model = new Sequential(new Embedding(20000, 32, -1, g), recurrent);
        indices = Tensor.randint(0, 20000, g, 32, 80);
    }

    @Benchmark
    public Tensor forward() {
        return RecurrentBenchmark.forward(model, indices);
    }

    @Benchmark
    public Tensor forwardBackward() {
        return RecurrentBenchmark.forwardBackward(model, indices);
    }
}
