package dev.tensorj.bench;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
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
 * The layer rows of the anchors at batch 64, NCHW: forward, and forward + backward (to the input and
 * the parameters), in ms. PyTorch figures (fwd / fwd+bwd ms): conv 1→6 on 28×28 0.33 / 1.60; conv
 * 6→10 on 13×13 0.22 / 0.94; conv pad 1 1→112 on 28×28 24.5 / 45.4; 112→64 39.0 / 164.4; 64→128
 * 51.1 / 144.0; maxpool 2×2 on 64×128×28×28 17.4 / 20.7; batchnorm2d 112 on 28×28 7.5 / 11.6;
 * linear 25088→208 4.9 / 15.1.
 *
 * <p>Not among the anchors: {@code resnet64to128s2}, ResNet18's first downsampling convolution (layer2.0.conv1: 3x3
 * stride 2 padding 1, 64 → 128 channels, 56x56 → 28x28) at the transfer exercise's batch of 32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ConvLayerBenchmark {
    @Param({"conv1to6", "conv6to10", "conv1to112", "conv112to64", "conv64to128", "maxpool128", "batchnorm112", "linear25088", "resnet64to128s2"})
    public String layer;

    private Layer module;
    private Tensor input;

    @Setup
    public void setUp() {
        Generator g = new Generator(3);
        int[] shape;
        switch (layer) {
            case "conv1to6" -> { module = Conv2d.valid(1, 6, 3, 1, g); shape = new int[] {64, 1, 28, 28}; }
            case "conv6to10" -> { module = Conv2d.valid(6, 10, 3, 1, g); shape = new int[] {64, 6, 13, 13}; }
            case "conv1to112" -> { module = Conv2d.same(1, 112, 3, g); shape = new int[] {64, 1, 28, 28}; }
            case "conv112to64" -> { module = Conv2d.same(112, 64, 3, g); shape = new int[] {64, 112, 28, 28}; }
            case "conv64to128" -> { module = Conv2d.same(64, 128, 3, g); shape = new int[] {64, 64, 28, 28}; }
            case "maxpool128" -> { module = Pooling.maxPool2d(2); shape = new int[] {64, 128, 28, 28}; }
            case "batchnorm112" -> { module = new BatchNorm(112); shape = new int[] {64, 112, 28, 28}; }
            case "resnet64to128s2" -> { module = new Conv2d(64, 128, 3, ConvOptions.defaults().stride(2).padding(1), false, g); shape = new int[] {32, 64, 56, 56}; }
            case "linear25088" -> { module = new Linear(25088, 208, true, g); shape = new int[] {64, 25088}; }
            default -> throw new IllegalArgumentException(layer);
        }
        input = Tensor.randn(g, shape);
    }

    @Benchmark
    public Tensor forward() {
        return forward(module, input);
    }

    /** Forward, then backward of sum(y) through the layer to its input and parameters. */
    @Benchmark
    public Tensor forwardBackward() {
        return forwardBackward(module, input);
    }

    /** The layer's output for {@code input} (no gradient asked of the input). */
    static Tensor forward(Layer module, Tensor input) {
        return module.forward(new Variable(input, false)).data();
    }

    /** Forward, then backward of sum(y) through {@code module} to {@code input} and the parameters; returns the input's gradient. */
    static Tensor forwardBackward(Layer module, Tensor input) {
        Variable x = new Variable(input, true);
        Variable y = module.forward(x);
        y.backward(y.data().onesLike());
        module.zeroGrad();
        return x.grad();
    }
}
