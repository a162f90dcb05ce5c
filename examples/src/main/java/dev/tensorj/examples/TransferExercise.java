package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.ImageFolder;
import dev.tensorj.datasets.ImageTransform;
import dev.tensorj.datasets.ImageTransforms;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.nn.models.ResNet;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.nn.train.EpochClassificationMetrics;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.MacroMetrics;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The methodology notebook's transfer learning with ResNet18, as the notebook does it: the MNIST PNG
 * subset (600 / 200 / 100 images) read with {@link ImageFolder}, each digit resized (bilinear) to
 * 224x224, its grey channel repeated into three and normalised with ImageNet's mean and standard
 * deviation; batch 32; torchvision's {@code resnet18} with <b>every</b> parameter frozen and a new
 * {@code fc} Linear 512 → 10; SGD lr 1e-3 with weight decay 0.1 (no momentum); 5 epochs; training
 * and validation accuracy and macro-F1 per epoch, the test confusion matrix, and the trained model
 * saved as {@code resnet18-transfer.safetensors} (its {@code state_dict}, torchvision's names).
 *
 * <p>Pretrained weights: torchvision's {@code resnet18-f37072fd.pth} as downloaded, read directly
 * ({@code --weights}). Without them the backbone keeps its seeded random initialisation and the run
 * says so: the head then learns on random features, and the figures mean little about transfer.
 *
 * <p>The frozen backbone costs no backward work and no gradient memory: autograd records a node
 * only when an input requires grad, so with the images and every backbone parameter frozen, the
 * backbone's ops record nothing and keep no activations, and the backward runs through the head and
 * the loss alone (see {@code FrozenBackboneTest}). Its BatchNorm layers still run in training mode
 * during the epochs (batch statistics, running statistics updated), as the notebook's
 * {@code model.train()} does.
 */
final class TransferExercise {
    static final int EPOCHS = 5, BATCH = 32, IMAGE_SIZE = 224, CLASSES = 10;
    static final double LR = 1e-3, WEIGHT_DECAY = 0.1;
    static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406}, IMAGENET_STD = {0.229, 0.224, 0.225};
    static final String MODEL_FILE = "resnet18-transfer.safetensors";

    /** The settings (the notebook's by default: {@link #defaults}). */
    record Settings(int epochs, int batchSize, double lr, double weightDecay, int imageSize, long seed) {
        static Settings defaults(long seed) {
            return new Settings(EPOCHS, BATCH, LR, WEIGHT_DECAY, IMAGE_SIZE, seed);
        }

        String describe() {
            return String.format(Locale.ROOT, "SGD lr %s, weight decay %s, batch %d, %d epochs, images %dx%dx3, seed %d",
                    lr, weightDecay, batchSize, epochs, imageSize, imageSize, seed);
        }
    }

    /** A finished run: the model, its history, the validation and test confusion matrices, and the mean seconds per epoch. */
    record Result(ResNet model, History history, ConfusionMatrix validation, ConfusionMatrix test, double secondsPerEpoch, boolean pretrained) {
        double last(String metric) {
            return history.last(metric);
        }
    }

    private TransferExercise() {
    }

    /** The notebook's transform: to [0, 1], bilinear resize, grey to three channels, ImageNet normalisation. */
    static ImageTransform transform(int size) {
        return ImageTransforms.toUnitRange().andThen(ImageTransforms.resize(size, size)).andThen(ImageTransforms.grayscaleToRgb())
                .andThen(ImageTransforms.normalize(IMAGENET_MEAN, IMAGENET_STD));
    }

    /** ResNet18 (torchvision's weights from {@code weights} when given), every parameter frozen, with a new trainable fc 512 → 10. */
    static ResNet model(Path weights, Generator generator) throws IOException {
        ResNet model = ResNet.resnet18(1000, generator);
        if (weights != null) dev.tensorj.nn.io.Weights.loadInto(model, weights, true);
        return model.requiresGrad(false).replaceFc(new Linear(512, CLASSES, true, generator));
    }

    static Result run(Path dataDir, Path weights, Settings s, Path out, PrintStream print, boolean verbose) throws IOException {
        Path dir = MnistGridSearch.pngSubset(dataDir, print);
        ImageTransform transform = transform(s.imageSize());
        ImageFolder train = ImageFolder.open(dir.resolve("train"), transform);
        ImageFolder valid = ImageFolder.open(dir.resolve("valid"), transform);
        ImageFolder test = ImageFolder.open(dir.resolve("test"), transform);
        if (weights == null) {
            print.println("no --weights: ResNet18 trains its head on a RANDOMLY INITIALISED frozen backbone, so the figures say little about "
                    + "transfer learning; download torchvision's resnet18-f37072fd.pth and pass it with --weights");
        }
        Generator.seedGlobal(s.seed());
        ResNet model = model(weights, new Generator(s.seed()));
        if (verbose) print.println(model.summary(3, s.imageSize(), s.imageSize()));
        SGD sgd = new SGD(model.trainableParameters(), s.lr(), 0, 0, false, s.weightDecay());
        Trainer trainer = new Trainer(model, sgd, Losses.crossEntropy(), Metric.accuracy(), MacroMetrics.f1(CLASSES)).verbose(verbose).printTo(print);
        DataLoader trainLoader = DataLoader.builder(train).batchSize(s.batchSize()).shuffle(s.seed()).prefetch(true).build();
        DataLoader validLoader = DataLoader.builder(valid).batchSize(valid.size()).build(); // one batch: exact macro-F1
        long start = System.nanoTime();
        History history = trainer.fit(trainLoader, s.epochs(), validLoader);
        double perEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, s.epochs());
        ConfusionMatrix validMatrix = EpochClassificationMetrics.confusion(trainer, validLoader, CLASSES);
        ConfusionMatrix testMatrix = EpochClassificationMetrics.confusion(trainer, DataLoader.builder(test).batchSize(test.size()).build(), CLASSES);
        Result r = new Result(model, history, validMatrix, testMatrix, perEpoch, weights != null);
        print.println(summaryLine(r));
        if (out != null) write(r, s, dir, out, print);
        return r;
    }

    static String summaryLine(Result r) {
        return String.format(Locale.ROOT, "ResNet18 transfer (%s backbone, frozen): train loss %.4f acc %.2f %% F1 %.4f | validation loss %.4f acc %.2f %% F1 %.4f"
                        + " | test acc %.2f %% F1 %.4f (%.1f s per epoch)", r.pretrained() ? "pretrained" : "random", r.last("loss"), 100 * r.last("accuracy"),
                r.last("f1"), r.last("val_loss"), 100 * r.last("val_accuracy"), r.last("val_f1"), 100 * r.test().accuracy(), r.test().macroF1(), r.secondsPerEpoch());
    }

    private static void write(Result r, Settings s, Path data, Path out, PrintStream print) throws IOException {
        Files.createDirectories(out);
        SafeTensors.save(r.model().stateDict(), Map.of("model", "resnet18", "head", "fc 512->10"), out.resolve(MODEL_FILE));
        dev.tensorj.plot.LearningCurves.save(r.history().asMap(), out, "ResNet18 transfer: ");
        MethodologyRun.confusion(r.test(), classNames(data), "ResNet18 transfer: test confusion (row-normalised)",
                out.resolve("confusion-matrix.png"));
        MethodologyReport report = new MethodologyReport("Transfer learning with ResNet18",
                "Settings: " + s.describe() + "; backbone " + (r.pretrained() ? "torchvision's pretrained weights" : "RANDOM (no --weights: the figures say little)")
                        + ", every parameter frozen, new fc 512->10; data " + data + ".");
        report.paragraph("| run | loss train / val | accuracy train / val | macro-F1 train / val | test accuracy / F1 | s per epoch | notebook |\n"
                        + "|---|---|---|---|---|---|---|\n"
                        + String.format(Locale.ROOT, "| ResNet18, frozen backbone | %.4f / %.4f | %.2f %% / %.2f %% | %.4f / %.4f | %.2f %% / %.4f | %.1f | %s |",
                        r.last("loss"), r.last("val_loss"), 100 * r.last("accuracy"), 100 * r.last("val_accuracy"), r.last("f1"), r.last("val_f1"),
                        100 * r.test().accuracy(), r.test().macroF1(), r.secondsPerEpoch(), MethodologyReport.NOT_KNOWN))
                .paragraph("Training F1 is the mean of per-batch macro-F1 over the epoch; validation F1 is exact (one batch of 200).")
                .figure("loss by epoch", "loss.png").figure("accuracy by epoch", "accuracy.png").figure("macro-F1 by epoch", "f1.png")
                .figure("row-normalised confusion matrix of the test images", "confusion-matrix.png")
                .paragraph("The trained model: `" + MODEL_FILE + "` (its state_dict, torchvision's names).")
                .write(out);
        print.println("model, plots and report.md in " + out.toAbsolutePath());
    }

    private static java.util.List<String> classNames(Path data) {
        return ImageFolder.open(data.resolve("test")).classNames();
    }
}
