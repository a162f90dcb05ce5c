package dev.tensorj.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tensorj methodology metrics|fitting|batch-size|cnn|transfer}: the methodology notebook's exercises on
 * its MNIST PNG subset, with the notebook's settings as defaults; each prints its figures and writes
 * curves, plots and a {@code report.md} under {@code --out} (default {@code out/methodology-NAME}).
 */
@Command(name = "methodology", mixinStandardHelpOptions = true,
        description = "The methodology notebook's exercises on the MNIST PNG subset (written from the MNIST files when missing).",
        subcommands = {MethodologyCommand.Metrics.class, MethodologyCommand.Fitting.class, MethodologyCommand.BatchSize.class, MethodologyCommand.Cnn.class, MethodologyCommand.Transfer.class})
public final class MethodologyCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The options every exercise shares. */
    static final class Common {
        @Option(names = "--data", paramLabel = "DIR", description = "The PNG subset (default: $TENSORJ_DATA/mnist-png, else ~/.tensorj/datasets/mnist-png; written there when missing).")
        Path data;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--out", paramLabel = "DIR", description = "Folder for the plots and report.md (default: out/methodology-NAME).")
        Path out;

        @Option(names = "--quiet", description = "No model summary or per-epoch lines.")
        boolean quiet;

        /** One exercise's run: what the command line gave it, checked before any data loads. */
        interface Exercise {
            void run(Path data, Path outputDir) throws Exception;
        }

        /**
         * Checks the data folder (the caller has checked its counts), opens the output folder (relative paths are the caller's; a
         * file, an unwritable place: one line, exit 2; the previous run's files and interrupted saves' temporary
         * files cleared), runs the exercise, and records what it wrote.
         */
        int run(String name, Exercise exercise) throws Exception {
            Path dataDir = data == null ? null : CallerPaths.resolve(data);
            if (dataDir != null && !java.nio.file.Files.isDirectory(dataDir)) OutputFolder.check(dataDir, "--data"); // written there: must be creatable
            OutputFolder folder = OutputFolder.open(out != null ? out : Path.of("out", "methodology-" + name), "--out");
            try {
                exercise.run(dataDir, folder.path());
            } finally {
                folder.recordOutputs();
            }
            return 0;
        }
    }

    /** {@code tensorj methodology metrics}. */
    @Command(name = "metrics", mixinStandardHelpOptions = true, description = "MLP 784-100-10, Adam 1e-3, 100 epochs: loss, accuracy, macro-F1 curves and the confusion matrix.")
    static final class Metrics implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--epochs", defaultValue = "100", description = "Epochs (default ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Override
        public Integer call() throws Exception {
            TrainOptions.atLeastOne("--epochs", epochs);
            TrainOptions.atLeastOne("--batch-size", batch);
            return common.run("metrics", (data, out) -> MetricsExercise.run(data, epochs, batch, common.seed, out, System.out, !common.quiet));
        }
    }

    /** {@code tensorj methodology fitting}. */
    @Command(name = "fitting", mixinStandardHelpOptions = true,
            description = "Underfitting (784->10, 30 epochs), overfitting (six hidden layers of 60, 200 epochs) and L2 (wd 0.01, 100 epochs), curves side by side.")
    static final class Fitting implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--epoch-scale", defaultValue = "1", description = "Multiplies the three epoch counts (default ${DEFAULT-VALUE}: the notebook's 30 / 200 / 100).")
        double scale;
        @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Override
        public Integer call() throws Exception {
            if (!(scale > 0) || Double.isInfinite(scale)) throw new UsageError("--epoch-scale must be a positive number, got " + scale);
            TrainOptions.atLeastOne("--batch-size", batch);
            return common.run("fitting", (data, out) -> FittingExercise.run(data, scale, batch, common.seed, out, System.out, !common.quiet));
        }
    }

    /** {@code tensorj methodology batch-size}. */
    @Command(name = "batch-size", mixinStandardHelpOptions = true,
            description = "784-50-50-50-10 (tanh), Adam lr 0.01, wd 0.01: full batch for 15 epochs vs batch 256 for 10, per-step loss curves.")
    static final class BatchSize implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--full-epochs", defaultValue = "15", description = "Epochs of the full-batch run (default ${DEFAULT-VALUE}).")
        int fullEpochs;
        @Option(names = "--mini-epochs", defaultValue = "10", description = "Epochs of the batch-256 run (default ${DEFAULT-VALUE}).")
        int miniEpochs;

        @Override
        public Integer call() throws Exception {
            TrainOptions.atLeastOne("--full-epochs", fullEpochs);
            TrainOptions.atLeastOne("--mini-epochs", miniEpochs);
            return common.run("batch-size", (data, out) -> BatchSizeExercise.run(data, fullEpochs, miniEpochs, common.seed, out, System.out, !common.quiet));
        }
    }

    /** {@code tensorj methodology cnn}. */
    @Command(name = "cnn", mixinStandardHelpOptions = true,
            description = "The notebook's CNN (16 and 32 5x5 kernels, Dropout 0.2), Adam 1e-3 with wd 0.1, 10 epochs; pictures of the kernels and feature maps.")
    static final class Cnn implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Override
        public Integer call() throws Exception {
            TrainOptions.atLeastOne("--epochs", epochs);
            TrainOptions.atLeastOne("--batch-size", batch);
            return common.run("cnn", (data, out) -> NotebookCnnExercise.run(data, epochs, batch, common.seed, out, System.out, !common.quiet));
        }
    }

    /** {@code tensorj methodology transfer}. */
    @Command(name = "transfer", mixinStandardHelpOptions = true,
            description = "ResNet18 transfer learning as the notebook does it: 224x224x3 ImageNet-normalised digits, every backbone parameter frozen, "
                    + "new fc 512->10, SGD lr 1e-3 wd 0.1, batch 32, 5 epochs; saves the trained model.")
    static final class Transfer implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Option(names = "--weights", paramLabel = "FILE", description = "torchvision's resnet18-f37072fd.pth as downloaded (or its state_dict as .safetensors); "
                + "without it the backbone is random and the figures mean little.")
        Path weights;
        @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch-size", defaultValue = "32", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--image-size", defaultValue = "224", description = "Side the digits are resized to (default ${DEFAULT-VALUE}; at least 32).")
        int imageSize;

        @Override
        public Integer call() throws Exception {
            TrainOptions.atLeastOne("--epochs", epochs);
            TrainOptions.atLeastOne("--batch-size", batch);
            if (imageSize < 32) throw new UsageError("--image-size must be at least 32 (ResNet18 halves it five times), got " + imageSize);
            Path weightsFile = CallerPaths.resolve(weights);
            if (weightsFile != null && !java.nio.file.Files.isRegularFile(weightsFile)) throw new UsageError("--weights " + weightsFile + ": no such file");
            TransferExercise.Settings s = new TransferExercise.Settings(epochs, batch, TransferExercise.LR, TransferExercise.WEIGHT_DECAY, imageSize, common.seed);
            return common.run("transfer", (data, out) -> TransferExercise.run(data, weightsFile, s, out, System.out, !common.quiet));
        }
    }
}
