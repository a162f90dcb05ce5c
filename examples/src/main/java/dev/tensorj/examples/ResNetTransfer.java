package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.Dataset;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.datasets.Transform;
import dev.tensorj.datasets.Transforms;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.models.ResNet;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.train.Callback;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.nn.train.TrainingCheckpoint;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The course's transfer-learning recipe with torchvision's ResNet18:
 * <ol>
 *   <li>build ResNet18 and load pretrained ImageNet weights ({@code --weights}: torchvision's
 *       {@code resnet18-f37072fd.pth} as downloaded, or its {@code state_dict} saved as safetensors); without them the backbone keeps its seeded random
 *       initialisation, a fixed random feature extractor, which still works but less well;</li>
 *   <li>freeze every layer ({@code requiresGrad(false)}) and replace {@code fc} with a new, trainable
 *       10-class head (Linear 512 → 10);</li>
 *   <li>train only the head (Adam, lr 0.01: the head sees the fixed features of a frozen backbone) on MNIST, whose 28×28 grey digits are made into the
 *       3-channel images the network expects: zero-padded by 2 pixels to <b>32×32</b> (the smallest size
 *       ResNet18's five stride-2 stages handle: 32 → 16 → 8 → 8 → 4 → 2 → 1), the grey channel repeated
 *       three times, and normalised with ImageNet's per-channel mean and standard deviation.</li>
 * </ol>
 * 32×32 instead of 224×224 keeps the run short on a CPU (49 times fewer pixels). With a
 * {@code checkpoint} file, the run saves itself after every epoch and resumes from it when the file
 * exists.
 *
 * <p>Measured (2 cores, random backbone, 4,000 training digits): 69.2 % test accuracy on 2,000 test
 * digits after 2 epochs, 72.3 % after a third epoch resumed from the checkpoint; about 80 s per epoch.
 */
public final class ResNetTransfer {
    /** The input size the digits are padded to. */
    public static final int IMAGE_SIZE = 32;
    /** Adam's learning rate for the head. */
    public static final double LEARNING_RATE = 0.01;
    private static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};
    private static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    public record Result(ResNet model, History history, double testAccuracy, double secondsPerEpoch) {
    }

    private ResNetTransfer() {
    }

    /** Raw MNIST pixels [N, 1, 28, 28] (or [N, 28, 28]) in 0..255 to normalised [N, 3, 32, 32] images. */
    public static Transform toResNetInput() {
        Transform normalize = Transforms.normalize(IMAGENET_MEAN, IMAGENET_STD);
        return batch -> {
            int n = batch.size(0), h = batch.size(batch.rank() - 2), w = batch.size(batch.rank() - 1);
            Tensor grey = batch.reshape(n, 1, h, w).mul(1.0 / 255.0);
            int top = (IMAGE_SIZE - h) / 2, left = (IMAGE_SIZE - w) / 2;
            Tensor images = Tensor.zeros(n, 3, IMAGE_SIZE, IMAGE_SIZE);
            images.narrow(2, top, h).narrow(3, left, w).copyFrom(grey); // grey broadcast to the three channels
            return normalize.apply(images);
        };
    }

    /** ResNet18 (pretrained weights from {@code weights} when given), frozen, with a new trainable 10-class head. */
    public static ResNet model(Path weights, Generator generator) throws IOException {
        ResNet model = ResNet.resnet18(1000, generator);
        if (weights != null) dev.tensorj.nn.io.Weights.loadInto(model, weights, true); // torchvision's .pth, or safetensors
        return model.requiresGrad(false).replaceFc(new Linear(512, 10, true, generator));
    }

    public static Result run(Path weights, int epochs, int batchSize, long seed, int trainLimit, int testLimit, Path checkpoint,
                             PrintStream out, boolean verbose) throws IOException {
        return run(weights, epochs, batchSize, seed, trainLimit, testLimit, checkpoint, null, out, verbose);
    }

    /** As above; with an {@code outputDir}, the learning curves, the test confusion matrices and a {@code report.md} go there. */
    public static Result run(Path weights, int epochs, int batchSize, long seed, int trainLimit, int testLimit, Path checkpoint, Path outputDir,
                             PrintStream out, boolean verbose) throws IOException {
        Dataset train = Loaders.first(Mnist.train(), trainLimit).mapInputs(toResNetInput());
        Dataset test = Loaders.first(Mnist.test(), testLimit).mapInputs(toResNetInput());
        Generator.seedGlobal(seed);
        ResNet model = model(weights, new Generator(seed));
        if (verbose) out.println(model.summary(3, IMAGE_SIZE, IMAGE_SIZE));
        Trainer trainer = new Trainer(model, new Adam(model.trainableParameters(), LEARNING_RATE), Losses.crossEntropy(), Metric.accuracy())
                .verbose(verbose).printTo(out);
        DataLoader trainLoader = DataLoader.builder(train).batchSize(batchSize).shuffle(seed).prefetch(true).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(500).prefetch(true).build();
        trainer.trackGenerator("shuffle", trainLoader.shuffleGenerator());
        Path resumeFrom = checkpoint != null && Files.exists(checkpoint) ? checkpoint : null;
        int[] epochsRun = {0};
        Callback countEpochs = (t, epoch, logs) -> ++epochsRun[0] < 0;
        Callback[] callbacks = checkpoint != null ? new Callback[] {new TrainingCheckpoint(checkpoint), countEpochs} : new Callback[] {countEpochs};
        callbacks = TensorBoardRuns.plain("resnet-transfer", TensorBoardRuns.settings("model", "resnet-transfer", "backbone", weights != null ? "pretrained" : "random",
                "epochs", epochs, "batch_size", batchSize, "seed", seed, "train_limit", trainLimit, "test_limit", testLimit, "lr", LEARNING_RATE),
                () -> model.summary(3, IMAGE_SIZE, IMAGE_SIZE), callbacks);
        long start = System.nanoTime();
        History history = trainer.fit(trainLoader, epochs, testLoader, resumeFrom, callbacks);
        double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, epochsRun[0]); // epochs of this run, not restored ones
        double accuracy = history.last("val_accuracy");
        out.printf(Locale.ROOT, "ResNet18 transfer (%s backbone, frozen; head trained on %d MNIST digits at %dx%dx3): test accuracy %.2f %% on %d digits, %.1f s per epoch%n",
                weights != null ? "pretrained" : "random", train.size(), IMAGE_SIZE, IMAGE_SIZE, 100 * accuracy, test.size(), secondsPerEpoch);
        if (outputDir != null) writeOutputs(trainer, model, testLoader, history, weights, epochs, batchSize, seed, train.size(), secondsPerEpoch, outputDir);
        return new Result(model, history, accuracy, secondsPerEpoch);
    }

    private static void writeOutputs(Trainer trainer, ResNet model, DataLoader testLoader, History history, Path weights, int epochs, int batchSize,
                                     long seed, int trainSize, double secondsPerEpoch, Path outputDir) throws IOException {
        String[] digits = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        dev.tensorj.nn.metrics.ConfusionMatrix cm = dev.tensorj.nn.train.EpochClassificationMetrics.confusion(trainer, testLoader, 10);
        dev.tensorj.plot.LearningCurves.save(history.asMap(), outputDir, "ResNet18 transfer: ");
        dev.tensorj.plot.ConfusionMatrixPlot.save(cm, digits, "ResNet18 transfer: test confusion matrix", outputDir.resolve("confusion-matrix.png"));
        dev.tensorj.plot.ConfusionMatrixPlot.saveNormalised(cm, digits, "ResNet18 transfer: test confusion matrix, row-normalised",
                outputDir.resolve("confusion-matrix-normalised.png"));
        String nk = MethodologyReport.NOT_KNOWN;
        new RunReport("ResNet18 transfer on MNIST at " + IMAGE_SIZE + "x" + IMAGE_SIZE + "x3", String.format(Locale.ROOT,
                "%s backbone (torchvision's names), every backbone parameter frozen, a new fc 512 -> 10 trained with Adam lr %s; %d epochs, batch %d, seed %d, "
                        + "%,d training digits. The methodology notebook's own setting (224 px, SGD) is `./tensorj methodology transfer`.",
                weights != null ? "pretrained (" + weights.getFileName() + ")" : "random", LEARNING_RATE, epochs, batchSize, seed, trainSize))
                .figure("test accuracy", String.format(Locale.ROOT, "%.2f %%", 100 * cm.accuracy()), nk)
                .figure("test macro-F1", String.format(Locale.ROOT, "%.4f", cm.macroF1()), nk)
                .figure("seconds per epoch", String.format(Locale.ROOT, "%.1f", secondsPerEpoch), "not comparable (another machine)")
                .paragraph("```\n" + cm.report(digits) + "```")
                .write(outputDir, "loss.png", "accuracy.png", "confusion-matrix.png", "confusion-matrix-normalised.png");
    }
}
