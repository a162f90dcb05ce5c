package dev.tensorj.bench;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.nn.models.ConditionalGan;
import dev.tensorj.nn.models.Dcgan;
import dev.tensorj.nn.gan.GanSchedule;
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
 *
 * <p>Beside it, one step of the Fashion-MNIST notebook's conditional GAN ({@link ConditionalGan}: 4x4 stride-2 transposed
 * convolutions of 257 and 128 channels, 3x3 stride-2 convolutions) in the notebook's loop at its batch of 128
 * ({@link GanSchedule#KERAS_HALF_BATCHES}: D on half a batch of real images, D on half a batch of fakes, G on a full batch).
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
    private GanTrainer conditionalTrainer;
    private Tensor fashionImages, fashionLabels;

    @Setup
    public void setUp() {
        Generator g = new Generator(1);
        Layer generator = Dcgan.generator(100, 7, 1, g), discriminator = Dcgan.discriminator(7, 1, g);
        trainer = new GanTrainer(generator, discriminator, new Adam(generator.parameters(), 1e-4), new Adam(discriminator.parameters(), 1e-4),
                100, false, new Generator(2));
        realImages = Tensor.rand(g, 256, 1, 28, 28).mul(2).sub(1);

        TwoInputModel cganG = ConditionalGan.generator(100, 10, g), cganD = ConditionalGan.discriminator(10, g);
        conditionalTrainer = new GanTrainer(cganG, cganD,
                new Adam(cganG.parameters(), ConditionalGan.LEARNING_RATE, ConditionalGan.BETA1, 0.999, 1e-8, 0, false),
                new Adam(cganD.parameters(), ConditionalGan.LEARNING_RATE, ConditionalGan.BETA1, 0.999, 1e-8, 0, false),
                100, true, new Generator(2)).schedule(GanSchedule.KERAS_HALF_BATCHES, 10);
        fashionImages = Tensor.rand(g, 128, 1, 28, 28).mul(2).sub(1);
        long[] labels = new long[128];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        fashionLabels = Tensor.ofLongs(labels);
    }

    @Benchmark
    public double dcganMnistStepBatch256() {
        return trainer.step(realImages, null).discriminator();
    }

    @Benchmark
    public double cganFashionNotebookStepBatch128() {
        return conditionalTrainer.step(fashionImages, fashionLabels).discriminator();
    }
}
