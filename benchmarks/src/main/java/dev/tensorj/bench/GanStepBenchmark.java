package dev.tensorj.bench;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.models.Dcgan;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
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
 * One DCGAN training step on MNIST-sized images at the tutorial's batch of 256 (TensorFlow's DCGAN:
 * generator 100 → 7x7x256 → 28x28x1 with transposed convolutions, discriminator two strided 5x5 convs;
 * both losses, both backward passes, two Adam updates). PyTorch needs ≈ 1.22 s per step on this
 * machine (the anchors, docs/performance.md). Random images stand in for MNIST: the arithmetic does not depend on them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class GanStepBenchmark {
    private GanTrainer trainer;
    private Tensor realImages;

    @Setup
    public void setUp() {
        Generator g = new Generator(1);
        Layer generator = Dcgan.generator(100, 7, 1, g), discriminator = Dcgan.discriminator(7, 1, g);
        trainer = new GanTrainer(generator, discriminator, new Adam(generator.parameters(), 1e-4), new Adam(discriminator.parameters(), 1e-4),
                100, false, new Generator(2));
        realImages = Tensor.rand(g, 256, 1, 28, 28).mul(2).sub(1);
    }

    @Benchmark
    public double dcganMnistStepBatch256() {
        return trainer.step(realImages, null).discriminator();
    }
}
