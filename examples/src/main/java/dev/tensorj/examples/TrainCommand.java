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
    static final String MODELS = "mnist-mlp, fashion-mlp, c1, c2, c1-vs-c2, autoencoder, imdb-lstm, imdb-lstm-dropout, imdb-cnn-lstm, imdb-tuned, "
            + "iris, wine, perceptron, resnet-transfer, dcgan-mnist, dcgan-cifar10, cgan-fashion, cgan-fashion-dcgan";

    @Parameters(index = "0", paramLabel = "MODEL", description = "One of: " + MODELS + ".")
    String model;

    @Option(names = "--epochs", description = "Epochs (default: the course's: 5 for mnist-mlp, 10 for fashion-mlp).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Batch size (default 128; the course trains C1/C2 with 64 and 1000; the autoencoder defaults to the course's 1000, the IMDB models to its 32 or 512).")
    Integer batchSize; // null: the exercise's own default

    @Option(names = "--recipe", description = "c1, c2: how to train them: course (default; Adam at lr 0.001) or augmented "
            + "(random 1-pixel shifts and left-right flips of the training images, lr cosine-annealed to 0; C1 reaches 90.7 %% at batch 64 with --epochs 30).",
            defaultValue = "course")
    CnnExercise.Recipe recipe; // picocli names the choices when the value is none of them (case-insensitive, see TensorjCli)

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--limit", description = "Train on the first N training samples only (default: all).", defaultValue = "0")
    int limit;

    @Option(names = "--out", description = "Folder for the plots (default: out/MODEL).")
    Path out;

    @Option(names = "--weights", description = "resnet-transfer: pretrained ResNet18 weights: torchvision's resnet18-f37072fd.pth as downloaded, or its state_dict as .safetensors.")
    Path weights;

    @Option(names = "--device", description = "cpu (default) or cuda[:N]: where c1, c2, mnist-mlp and fashion-mlp train. Without a usable GPU, "
            + "cuda fails at once with the reason. Paths on the GPU: -Dtensorj.cuda.path=ours|cublas|cudnn|auto (TENSORJ_JAVA_OPTS).", defaultValue = "cpu")
    String device;

    @Option(names = "--checkpoint", description = "resnet-transfer: save a training checkpoint here after every epoch, and resume from it when it exists.")
    Path checkpoint;

    @Option(names = "--tensorboard", paramLabel = "DIR", description = "Also log to TensorBoard: a new run DIR/MODEL-yyyyMMdd-HHmmss with curves per step and epoch, "
            + "images, histograms, the settings and the HParams row (watch with: tensorboard --logdir DIR).")
    Path tensorboard;

    @Override
    public Integer call() throws Exception {
        TensorBoardRuns.setRoot(tensorboard);
        if (tensorboard != null && model.equals("perceptron")) System.err.println("tensorj train: perceptron trains without the Trainer; --tensorboard has nothing to log");
        Path outputDir = out != null ? out : Path.of("out", model);
        int batch = batchSize != null ? batchSize : 128;
        try {
            TrainingDevice.select(device, model);
        } catch (IllegalArgumentException e) {
            System.err.println("tensorj train: " + e.getMessage());
            return 2;
        }
        if (TrainingDevice.current().kind() != dev.tensorj.tensor.Device.Kind.CPU) TrainingDevice.describe(System.out);
        switch (model) {
            case "mnist-mlp" -> MlpExercise.run(MlpExercise.Dataset.MNIST, epochs != null ? epochs : 5, batch, seed, limit, outputDir, System.out, true);
            case "fashion-mlp" -> MlpExercise.run(MlpExercise.Dataset.FASHION, epochs != null ? epochs : 10, batch, seed, limit, outputDir, System.out, true);
            case "c1" -> CnnExercise.run(CnnExercise.Model.C1, recipe, epochs != null ? epochs : 20, batch, seed, limit, outputDir, System.out, true);
            case "c2" -> CnnExercise.run(CnnExercise.Model.C2, recipe, epochs != null ? epochs : 20, batch, seed, limit, outputDir, System.out, true);
            case "c1-vs-c2" -> CnnComparison.run(epochs != null ? epochs : 20, seed, limit, outputDir, System.out);
            case "autoencoder" -> AutoencoderExercise.run(epochs != null ? epochs : 10, batchSize != null ? batchSize : 1000, seed, limit, outputDir, System.out, true);
            case "imdb-lstm" -> ImdbExercise.run(ImdbExercise.Model.LSTM, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-lstm-dropout" -> ImdbExercise.run(ImdbExercise.Model.LSTM_DROPOUT, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-cnn-lstm" -> ImdbExercise.run(ImdbExercise.Model.CNN_LSTM, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "imdb-tuned" -> ImdbExercise.run(ImdbExercise.Model.CNN_LSTM_TUNED, epochs, batchSize, seed, limit, outputDir, System.out, true);
            case "iris" -> TabularExercises.iris(epochs != null ? epochs : 200, seed, System.out, true);
            case "wine" -> TabularExercises.wine(epochs != null ? epochs : 10, seed, System.out);
            case "perceptron" -> TabularExercises.perceptron(System.out);
            case "resnet-transfer" -> ResNetTransfer.run(weights, epochs != null ? epochs : 3, batch, seed, limit > 0 ? limit : 10_000, 2_000, checkpoint, System.out, true);
            case "dcgan-mnist", "dcgan-cifar10", "cgan-fashion", "cgan-fashion-dcgan" -> GanExercise.run(GanExercise.Config.fromCommandLine(model, epochs, batchSize, seed, limit, outputDir), System.out, true);
            default -> {
                System.err.println("tensorj train: unknown model '" + model + "'; choose one of: " + MODELS);
                return 2;
            }
        }
        return 0;
    }
}
