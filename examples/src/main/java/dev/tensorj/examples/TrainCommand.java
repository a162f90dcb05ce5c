package dev.tensorj.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tensorj train MODEL}: trains one of the course's models and writes its plots. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a course model, prints progress and test metrics, and writes plots (learning curves, confusion matrix, predictions).")
public final class TrainCommand implements Callable<Integer> {

    /** The models this command trains, for the help text and the error message. */
    static final String MODELS = "mnist-mlp, fashion-mlp, c1, c2, c1-vs-c2, autoencoder, imdb-lstm, imdb-lstm-dropout, imdb-cnn-lstm, imdb-tuned, imdb-tuning, "
            + "iris, wine, perceptron, iris-4-10-3, wine-colour, perceptron-rosenblatt, resnet-transfer, dcgan-mnist, dcgan-cifar10, cgan-fashion, cgan-fashion-notebook";

    @Parameters(index = "0", paramLabel = "MODEL", description = "One of: " + MODELS + ".")
    String model;

    @Option(names = "--epochs", description = "Epochs (default: the notebook's: 5 for mnist-mlp, 10 for fashion-mlp, 50 for the autoencoder, 15 for imdb-lstm and imdb-lstm-dropout, "
            + "5 for resnet-transfer, 100 for iris, 15 for the perceptron; 100 full-batch epochs for wine, whose notebook count is not known to us).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Batch size (default 128; the course trains C1/C2 with 64 and 1000; the autoencoder defaults to the course's 1000, the IMDB models to its 32 or 512).")
    Integer batchSize; // null: the exercise's own default

    @Option(names = "--recipe", description = "c1, c2: how to train them: course (default; Adam at lr 0.001) or augmented "
            + "(random 1-pixel shifts and left-right flips of the training images, lr cosine-annealed to 0; C1 reaches 90.4 %% at batch 64 with --epochs 30, 90.7 %% with --validation-split 0).",
            defaultValue = "course")
    CnnExercise.Recipe recipe; // picocli names the choices when the value is none of them (case-insensitive, see TensorjCli)

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--limit", description = "Train on the first N training samples only, N >= 1 (default: all).")
    Integer limit; // null: all

    @Option(names = "--validation-split", paramLabel = "FRACTION", description = "mnist-mlp, fashion-mlp, c1, c2, imdb-tuning: the share of the training set "
            + "held out (seeded) for the per-epoch validation curves and the best epoch, whose weights the test set is evaluated with, once, at the end; "
            + "0: none, train on all and test the last epoch (default 0.1; 0 for mnist-mlp, whose notebook trains on all 60,000).")
    Double validationSplit; // null: the exercise's own default

    @Option(names = "--patience", paramLabel = "N", description = "With a validation split: stop when the validation figure has not improved for N epochs "
            + "(val_accuracy; imdb-tuning: val_loss, default 3 as the notebook's EarlyStopping). Default: run every epoch.")
    Integer patience; // null: no early stopping (imdb-tuning: the notebook's 3)

    @Option(names = "--out", description = "Folder for the plots (default: out/MODEL), relative to the current folder; a run first deletes "
            + "the files the previous run wrote there (listed in its " + OutputFolder.MANIFEST + "), so old and new plots never mix.")
    Path out;

    @Option(names = "--weights", description = "resnet-transfer: pretrained ResNet18 weights: torchvision's resnet18-f37072fd.pth as downloaded, or its state_dict as .safetensors.")
    Path weights;

    @Option(names = "--device", description = "cpu (default) or cuda[:N]: where c1, c2, mnist-mlp and fashion-mlp train. Without a usable GPU, "
            + "cuda fails at once with the reason. Paths on the GPU: -Dtensorj.cuda.path=ours|cublas|cudnn|auto (TENSORJ_JAVA_OPTS).", defaultValue = "cpu")
    String device;

    @Option(names = "--checkpoint", description = "resnet-transfer and the GANs: save a training checkpoint here after every epoch, and resume from it when it exists "
            + "(a GAN's earlier sample grids and judge table in --out are kept and continued).")
    Path checkpoint;

    @Option(names = "--tensorboard", paramLabel = "DIR", description = "Also log to TensorBoard: a new run DIR/MODEL-yyyyMMdd-HHmmss with curves per step and epoch, "
            + "images, histograms, the settings and the HParams row (watch with: tensorboard --logdir DIR).")
    Path tensorboard;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Everything the user typed is checked before any data loads (TrainOptions, the device, the folders).
        java.util.List<String> given = spec == null ? java.util.List.of()
                : spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName()).toList();
        TrainOptions.check(model, given, epochs, batchSize, limit);
        TrainOptions.checkHoldOut(model, validationSplit, patience, limit, HoldOut.defaultFraction(model));
        TrainingDevice.select(device, model); // an IllegalArgumentException: one line, status 2 (CliErrors)
        weights = CallerPaths.resolve(weights);
        checkpoint = CallerPaths.resolve(checkpoint);
        if (weights != null && !java.nio.file.Files.isRegularFile(weights)) throw new UsageError("--weights " + weights + ": no such file");
        if (checkpoint != null) {
            if (java.nio.file.Files.isDirectory(checkpoint)) throw new UsageError("--checkpoint " + checkpoint + " is a folder, not a file");
            OutputFolder.check(checkpoint.getParent(), "--checkpoint");
            OutputFolder.removeTemporariesOf(checkpoint); // an interrupted save's .NAME.<uuid>.tmp
            if (java.nio.file.Files.isRegularFile(checkpoint)) {
                if (model.equals("resnet-transfer")) checkResumable(checkpoint, "ResNet18"); // ResNet.resnet18(...).name()
                else checkGanResumable(checkpoint, epochs != null ? epochs : GanExercise.Config.fromCommandLine(model, null, null, seed, 0, null, null).epochs());
            }
        }
        if (tensorboard != null) tensorboard = OutputFolder.check(tensorboard, "--tensorboard");
        boolean writesPlots = TrainOptions.OPTIONS.get(model).contains("--out");
        Path outFolder = out != null ? out : Path.of("out", model);
        boolean continuing = checkpoint != null && java.nio.file.Files.isRegularFile(checkpoint); // a resumed run adds to the folder
        OutputFolder folder = !writesPlots ? null : continuing ? OutputFolder.openToContinue(outFolder, "--out") : OutputFolder.open(outFolder, "--out");
        TensorBoardRuns.setRoot(tensorboard);
        try {
            return train(folder != null ? folder.path() : null);
        } finally {
            if (folder != null) folder.recordOutputs();
        }
    }

    /** A checkpoint to resume from must be a training checkpoint of {@code expected}: said in one line, naming what it holds, before any data loads. */
    static void checkResumable(Path file, String expected) throws java.io.IOException {
        java.util.Map<String, String> meta;
        try (var reader = dev.tensorj.nn.io.SafeTensorsReader.open(file)) {
            meta = reader.metadata();
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageError("--checkpoint " + file + " is not a checkpoint tensorj can read (" + CliErrors.oneLine(e) + ")");
        }
        if (!"tensorj-training-checkpoint".equals(meta.get("format"))) {
            throw new UsageError("--checkpoint " + file + " is not a training checkpoint (it holds " + (meta.get("model") != null ? "weights of " + meta.get("model") : "weights only")
                    + "); give a new file name to start one");
        }
        if (!expected.equals(meta.get("model"))) {
            throw new UsageError("--checkpoint " + file + " holds a checkpoint of " + meta.get("model") + " (after epoch " + meta.get("epoch") + "), this model trains " + expected);
        }
    }

    /** A GAN checkpoint to resume from must be one, with fewer epochs than the run asks for: said in one line before any data loads. */
    static void checkGanResumable(Path file, int epochs) {
        dev.tensorj.nn.gan.GanTrainingCheckpoint.Progress done;
        try {
            done = dev.tensorj.nn.gan.GanTrainingCheckpoint.progress(file);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageError("--checkpoint " + file + " is not a GAN checkpoint tensorj can resume (" + CliErrors.oneLine(e) + "); give a new file name to start one");
        }
        if (done.epochs() >= epochs) {
            throw new UsageError("--checkpoint " + file + " already holds " + done.epochs() + " epochs and this run asks for " + epochs + "; give more --epochs to go on");
        }
    }

    private int train(Path outputDir) throws Exception {
        int batch = batchSize != null ? batchSize : 128;
        int limit = this.limit != null ? this.limit : 0; // 0: the exercises' "all"
        double split = validationSplit != null ? validationSplit : HoldOut.defaultFraction(model);
        if (TrainingDevice.current().kind() != dev.tensorj.tensor.Device.Kind.CPU) TrainingDevice.describe(System.out);
        switch (model) {
            case "mnist-mlp" -> MlpExercise.run(MlpExercise.Dataset.MNIST, epochs != null ? epochs : 5, batch, split, patience, seed, limit, outputDir, System.out, true);
            case "fashion-mlp" -> MlpExercise.run(MlpExercise.Dataset.FASHION, epochs != null ? epochs : 10, batch, split, patience, seed, limit, outputDir, System.out, true);
            case "c1" -> CnnExercise.run(CnnExercise.Model.C1, recipe, epochs != null ? epochs : 20, batch, split, patience, seed, limit, outputDir, System.out, true);
            case "c2" -> CnnExercise.run(CnnExercise.Model.C2, recipe, epochs != null ? epochs : 20, batch, split, patience, seed, limit, outputDir, System.out, true);
            case "c1-vs-c2" -> CnnComparison.run(epochs != null ? epochs : 20, seed, limit, outputDir, System.out);
            case "autoencoder" -> AutoencoderExercise.run(epochs != null ? epochs : 50, batchSize != null ? batchSize : 1000, seed, limit, outputDir, System.out, true);
            case "imdb-lstm" -> ImdbExercise.run(ImdbExercise.Model.LSTM, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-lstm-dropout" -> ImdbExercise.run(ImdbExercise.Model.LSTM_DROPOUT, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-cnn-lstm" -> ImdbExercise.run(ImdbExercise.Model.CNN_LSTM, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-tuned" -> ImdbExercise.run(ImdbExercise.Model.CNN_LSTM_TUNED, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-tuning" -> ImdbTuning.run(new ImdbTuning.Config(epochs, batchSize, validationSplit, patience, seed, limit, 0, outputDir), System.out, true);
            case "iris" -> NotebookTabular.irisBoth(epochs != null ? epochs : NotebookTabular.IRIS_EPOCHS, seed, outputDir, System.out);
            case "wine" -> NotebookTabular.wine(epochs != null ? epochs : NotebookTabular.WINE_EPOCHS, seed, outputDir, System.out);
            case "perceptron" -> NotebookTabular.perceptron(epochs != null ? epochs : NotebookTabular.PERCEPTRON_EPOCHS, seed, outputDir, System.out);
            case "iris-4-10-3" -> TabularExercises.iris(epochs != null ? epochs : 200, seed, System.out, true);
            case "wine-colour" -> TabularExercises.wine(epochs != null ? epochs : 10, seed, System.out);
            case "perceptron-rosenblatt" -> TabularExercises.perceptron(System.out);
            case "resnet-transfer" -> ResNetTransfer.run(weights, epochs != null ? epochs : 5, batch, seed, limit > 0 ? limit : 10_000, 2_000, checkpoint, outputDir, System.out, true);
            case "dcgan-mnist", "dcgan-cifar10", "cgan-fashion", "cgan-fashion-notebook" -> GanExercise.run(GanExercise.Config.fromCommandLine(model, epochs, batchSize, seed, limit, checkpoint, outputDir), System.out, true);
            default -> throw new UsageError("unknown model '" + model + "'; choose one of: " + MODELS); // TrainOptions caught it first
        }
        return 0;
    }
}
