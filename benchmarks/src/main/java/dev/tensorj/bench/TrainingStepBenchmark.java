package dev.tensorj.bench;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Embedding;
import dev.tensorj.nn.layers.LSTM;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.models.ConvAutoencoder;
import dev.tensorj.nn.models.FashionCnn;
import dev.tensorj.nn.models.Mlp;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.RMSprop;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.Trainer;
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
 * One training step (forward, loss, backward, optimiser) of the course's MLP (784-512-10, RMSprop),
 * its Fashion-MNIST CNNs (Adam) and the MNIST autoencoder, on random 28×28 images, in ms. The summary
 * turns it into seconds per epoch (60,000 / batch steps; no data loading, no evaluation) beside
 * the anchors' PyTorch epochs: MLP 1.5 s (batch 128), C1 5.3 s (batch 64)
 * and 4.6 s (1000), C2 ≈ 403 s and ≈ 609 s, autoencoder ≈ 231 s (1000).
 *
 * <p>{@code imdb-lstm-32} is the IMDB exercise's model (Embedding(20000, 32) → LSTM(32) → Dense(1), RMSprop, binary
 * cross-entropy on the logit) on random word indices [32, 80]: an epoch is its 20,000 training reviews (the 25,000
 * less the 20 % held out for validation), 625 steps.
 *
 * <p>The forked JVM gets a fixed, pre-touched heap ({@code -Xms} = {@code -Xmx}, AlwaysPreTouch), as
 * the {@code tensorj} launcher runs training with a fixed heap: the steady state of a training loop that
 * reuses its memory, as PyTorch's caching allocator does. With a heap that grows from 2 GB the
 * autoencoder's step read 3.97 s (one iteration much slower than the rest), with the fixed heap 2.66 s:
 * the difference is first touches of fresh heap pages, which cost more than the arithmetic on these VMs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class TrainingStepBenchmark {
    @Param({"mlp-128", "c1-64", "c1-1000", "c2-64", "c2-1000", "autoencoder-1000", "imdb-lstm-32"})
    public String model;

    private Trainer trainer;
    private Batch batch;

    @Setup
    public void setUp() {
        Generator g = new Generator(5);
        int size = batchSize(model);
        Tensor images = Tensor.rand(g, size, 1, 28, 28);
        Layer net;
        if (model.startsWith("mlp")) {
            net = Mlp.of(512, g);
            trainer = new Trainer(net, RMSprop.keras(net.parameters()), Losses.crossEntropy()).verbose(false);
            batch = new Batch(images.reshape(size, 784), Tensor.randint(0, 10, g, size));
        } else if (model.startsWith("imdb-lstm")) {
            net = new Sequential(Embedding.keras(20_000, 32, g), LSTM.keras(32, 32, g), Linear.glorot(32, 1, true, g));
            trainer = new Trainer(net, RMSprop.keras(net.parameters()), Losses.bceWithLogits()).verbose(false);
            batch = new Batch(Tensor.randint(0, 20_000, g, size, 80), Tensor.randint(0, 2, g, size, 1).to(dev.tensorj.tensor.DType.FLOAT32));
        } else if (model.startsWith("autoencoder")) {
            net = new ConvAutoencoder(g).autoencoder;
            trainer = new Trainer(net, new Adam(net.parameters(), 0.001), Losses.mse()).verbose(false);
            batch = new Batch(images, images);
        } else {
            net = model.startsWith("c1") ? FashionCnn.c1(g) : FashionCnn.c2(g);
            trainer = new Trainer(net, new Adam(net.parameters(), 0.001), Losses.crossEntropy()).verbose(false);
            batch = new Batch(images, Tensor.randint(0, 10, g, size));
        }
    }

    static int batchSize(String model) {
        return Integer.parseInt(model.substring(model.lastIndexOf('-') + 1));
    }

    @Benchmark
    public double step() {
        return trainer.trainStep(batch).loss();
    }
}
