package dev.tensorj.bench;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.ConvTranspose2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Linear;
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
 * The DCGAN step (GanStepBenchmark, TensorFlow's tutorial at batch 256) layer by layer, to see where its time
 * goes beside PyTorch's ({@code benchmarks/pytorch/steps.py} has the same rows, {@code ./bench --vs-pytorch
 * dcgan-layer} prints both): the generator's {@code g-*} layers (Dense 100 → 7·7·256 without bias, BatchNorm,
 * LeakyReLU 0.3, then 5x5 transposed convolutions 256 → 128 (stride 1), 128 → 64 and 64 → 1 (stride 2), tanh)
 * and the discriminator's {@code d-*} (5x5 stride-2 convolutions 1 → 64 → 128, LeakyReLU 0.3 with Dropout 0.3,
 * Dense 6272 → 1), each on the input shape it sees in the step. Forward, and forward + backward of sum(y) to the
 * input and the parameters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DcganLayerBenchmark {
    /** The batch of the tutorial's step. */
    static final int BATCH = 256;

    @Param({"g-linear", "g-bn-leaky-12544", "g-convT-256-128", "g-bn-leaky-128", "g-convT-128-64", "g-bn-leaky-64", "g-convT-64-1", "g-tanh",
            "d-conv-1-64", "d-leaky-dropout-64", "d-conv-64-128", "d-leaky-dropout-128", "d-linear"})
    public String layer;

    private Layer module;
    private Tensor input;

    @Setup
    public void setUp() {
        Generator g = new Generator(3);
        double slope = 0.3;
        int[] shape;
        switch (layer) {
            case "g-linear" -> { module = new Linear(100, 7 * 7 * 256, false, g); shape = new int[] {BATCH, 100}; }
            case "g-bn-leaky-12544" -> { module = new Sequential(new BatchNorm(7 * 7 * 256), Activation.leakyRelu(slope)); shape = new int[] {BATCH, 7 * 7 * 256}; }
            case "g-convT-256-128" -> { module = ConvTranspose2d.kerasSame(256, 128, 5, 1, false, g); shape = new int[] {BATCH, 256, 7, 7}; }
            case "g-bn-leaky-128" -> { module = new Sequential(new BatchNorm(128), Activation.leakyRelu(slope)); shape = new int[] {BATCH, 128, 7, 7}; }
            case "g-convT-128-64" -> { module = ConvTranspose2d.kerasSame(128, 64, 5, 2, false, g); shape = new int[] {BATCH, 128, 7, 7}; }
            case "g-bn-leaky-64" -> { module = new Sequential(new BatchNorm(64), Activation.leakyRelu(slope)); shape = new int[] {BATCH, 64, 14, 14}; }
            case "g-convT-64-1" -> { module = ConvTranspose2d.kerasSame(64, 1, 5, 2, false, g); shape = new int[] {BATCH, 64, 14, 14}; }
            case "g-tanh" -> { module = Activation.tanh(); shape = new int[] {BATCH, 1, 28, 28}; }
            case "d-conv-1-64" -> { module = new Conv2d(1, 64, 5, ConvOptions.defaults().stride(2).padding(2), true, g); shape = new int[] {BATCH, 1, 28, 28}; }
            case "d-leaky-dropout-64" -> { module = new Sequential(Activation.leakyRelu(slope), new Dropout(0.3, g)); shape = new int[] {BATCH, 64, 14, 14}; }
            case "d-conv-64-128" -> { module = new Conv2d(64, 128, 5, ConvOptions.defaults().stride(2).padding(2), true, g); shape = new int[] {BATCH, 64, 14, 14}; }
            case "d-leaky-dropout-128" -> { module = new Sequential(Activation.leakyRelu(slope), new Dropout(0.3, g)); shape = new int[] {BATCH, 128, 7, 7}; }
            case "d-linear" -> { module = new Linear(128 * 7 * 7, 1, true, g); shape = new int[] {BATCH, 128 * 7 * 7}; }
            default -> throw new IllegalArgumentException("DcganLayerBenchmark: unknown layer " + layer);
        }
        input = Tensor.randn(g, shape);
    }

    /** The layer's forward in training mode (batch statistics, dropout on), as in the step. */
    @Benchmark
    public Tensor forward() {
        return ConvLayerBenchmark.forward(module, input);
    }

    /** Forward, then backward of sum(y) through the layer to its input and parameters. */
    @Benchmark
    public Tensor forwardBackward() {
        return ConvLayerBenchmark.forwardBackward(module, input);
    }
}
