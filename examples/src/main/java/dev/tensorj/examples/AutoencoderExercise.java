package dev.tensorj.examples;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.Transforms;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.models.ConvAutoencoder;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.plot.ImageGrid;
import dev.tensorj.plot.LearningCurves;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's convolutional autoencoder on MNIST: encoder conv 64, conv 32, maxpool, conv 16, maxpool
 * (28x28x1 → 7x7x16 embedding); decoder upsample, conv 32, upsample, conv 64, conv 1; all convs 3x3
 * 'same', ReLU after each but the last; MSE; Adam; batch 1000. The encoder, the decoder and the
 * autoencoder are three models sharing the same layers (the autoencoder is {@code Sequential(encoder, decoder)}).
 *
 * <p>Why the last conv has no sigmoid: with a sigmoid and MSE this network collapsed to black images in
 * every run here (PyTorch's default init or Keras' Glorot, lr 1e-4 to 1e-3, batch 128 or 1000). Four
 * pixels in five are black, so the first gradients push every output down; Adam moves every weight of
 * every layer by about lr per step in the same direction, and within 20 steps all the last layer's
 * pre-activations are below -7, where the sigmoid's slope is under 1e-3 and the strokes cannot pull
 * them back. Linear outputs regress the pixels directly and learn (test MSE 0.0096 after 100 steps on
 * 6,400 images); the decoded images are clipped to [0, 1] when they are drawn.
 *
 * <p>Then the course's experiments: decode the mean embedding of one digit; model each digit's
 * embeddings by their per-element mean and standard deviation, sample new embeddings from that
 * normal distribution and decode them into new digits.
 */
public final class AutoencoderExercise {
    public record Result(History history, double testMse, double secondsPerEpoch) {
    }

    public final Sequential encoder;
    public final Sequential decoder;
    public final Sequential autoencoder;

    public AutoencoderExercise(Generator g) {
        ConvAutoencoder model = new ConvAutoencoder(g);
        encoder = model.encoder;
        decoder = model.decoder;
        autoencoder = model.autoencoder;
    }

    public static Result run(int epochs, int batchSize, long seed, int trainLimit, Path outputDir, PrintStream out, boolean verbose) throws IOException {
        TensorDataset train = Loaders.first(Mnist.train(), trainLimit).withInputs(Transforms.toUnitRange());
        TensorDataset test = Mnist.test().withInputs(Transforms.toUnitRange());
        Generator.seedGlobal(seed);
        AutoencoderExercise ae = new AutoencoderExercise(new Generator(seed));
        if (verbose) out.println(ae.autoencoder.summary(1, 28, 28));
        // the targets are the inputs themselves
        DataLoader trainLoader = Loaders.loader(new TensorDataset(train.inputs(), train.inputs()), batchSize, true, seed);
        DataLoader testLoader = Loaders.loader(new TensorDataset(test.inputs(), test.inputs()), 1000, false, seed);
        Trainer trainer = new Trainer(ae.autoencoder, new Adam(ae.autoencoder.parameters(), 0.001), Losses.mse()).verbose(verbose).printTo(out);
        long start = System.nanoTime();
        Tensor firstTest = test.inputs().narrow(0, 0, 8);
        History history = trainer.fit(trainLoader, epochs, testLoader,
                TensorBoardRuns.withImage("autoencoder", TensorBoardRuns.settings("model", "autoencoder", "epochs", epochs, "batch_size", batchSize,
                                "seed", seed, "train_limit", trainLimit, "lr", 0.001), () -> ae.autoencoder.summary(1, 28, 28),
                        "reconstructions", t -> dev.tensorj.plot.ImageGrid.render(Tensor.concat(0, List.of(firstTest, t.predict(List.of(firstTest)))),
                                8, 2, false, null, null, null)));
        double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, history.epochs());
        double testMse = history.last("val_loss");
        out.printf(Locale.ROOT, "autoencoder: test MSE %.5f, %.1f s per epoch%n", testMse, secondsPerEpoch);
        if (outputDir != null) {
            LearningCurves.save(history.asMap(), outputDir, "MNIST autoencoder: ");
            ae.experiments(test, seed, outputDir, out);
            String nk = MethodologyReport.NOT_KNOWN;
            new RunReport("MNIST conv autoencoder", String.format(Locale.ROOT,
                    "Adam lr 0.001, MSE, %d epochs, batch %d, seed %d, %s training images; the test set is the validation data, as in the notebook.",
                    epochs, batchSize, seed, trainLimit > 0 ? String.valueOf(trainLimit) : "all 60,000"))
                    .summary(ae.autoencoder.summary(1, 28, 28))
                    .figure("final training MSE", String.format(Locale.ROOT, "%.5f", history.last("loss")), nk)
                    .figure("test MSE", String.format(Locale.ROOT, "%.5f", testMse), nk)
                    .figure("seconds per epoch", String.format(Locale.ROOT, "%.1f", secondsPerEpoch), "not comparable (another machine)")
                    .paragraph("The notebook's own outputs are not bundled with us, so its column reads \"" + nk + "\". The three pictures: test digits above "
                            + "their reconstructions; digits decoded from each class's mean embedding; digits decoded from embeddings sampled from each "
                            + "class's per-dimension mean and standard deviation.")
                    .write(outputDir, "loss.png", "reconstructions.png", "mean-embedding-digits.png", "sampled-digits.png");
        }
        return new Result(history, testMse, secondsPerEpoch);
    }

    /** The course's experiments, written as PNG grids into outputDir. */
    void experiments(TensorDataset test, long seed, Path outputDir, PrintStream out) throws IOException {
        encoder.eval();
        decoder.eval();
        try (var noGrad = Grad.disabled()) {
            Tensor images = test.inputs().narrow(0, 0, 2000);
            Tensor labels = test.targets().narrow(0, 0, 2000);
            Tensor embeddings = encoder.forward(new Variable(images, false)).data(); // [n, 16, 7, 7]
            // 1. originals and their reconstructions
            Tensor reconstructed = decoder.forward(new Variable(embeddings.narrow(0, 0, 10), false)).data();
            ImageGrid.save(Tensor.concat(0, images.narrow(0, 0, 10), reconstructed), 10, 2, false, outputDir.resolve("reconstructions.png"));
            // 2. per digit: the decoded mean embedding, and new digits sampled from N(mean, std^2)
            Generator g = new Generator(seed);
            List<Tensor> means = new ArrayList<>(), samples = new ArrayList<>();
            for (int digit = 0; digit < 10; digit++) {
                Tensor mask = labels.eq(digit); // which rows are this digit
                long[] rows = indicesOf(mask);
                Tensor ofDigit = embeddings.indexSelect(0, Tensor.fromArray(rows, rows.length));
                Tensor mean = ofDigit.mean(new int[] {0}, true), std = ofDigit.std(new int[] {0}, 1, true);
                means.add(mean);
                Tensor noise = Tensor.randn(g, 8, 16, 7, 7);
                samples.add(noise.mul(std).add(mean).relu()); // embeddings are ReLU outputs: keep them >= 0
            }
            ImageGrid.save(decoder.forward(new Variable(Tensor.concat(0, means), false)).data(), 10, 2, false, outputDir.resolve("mean-embedding-digits.png"));
            Tensor sampled = decoder.forward(new Variable(Tensor.concat(0, samples), false)).data(); // 8 per digit, digit-major
            // one column per digit, one row per sample
            Tensor grid = sampled.reshape(10, 8, 1, 28, 28).transpose(0, 1).reshape(80, 1, 28, 28);
            ImageGrid.save(grid, 10, 2, false, outputDir.resolve("sampled-digits.png"));
        }
        out.println("reconstructions, mean-embedding digits and sampled digits written to " + outputDir.toAbsolutePath());
    }

    private static long[] indicesOf(Tensor mask) {
        float[] m = mask.toFloatArray();
        return java.util.stream.IntStream.range(0, m.length).filter(i -> m[i] != 0).asLongStream().toArray();
    }

    /** The autoencoder as a module (for tests). */
    public Layer model() {
        return autoencoder;
    }
}
