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

    @Parameters(index = "0", paramLabel = "MODEL", description = "One of: mnist-mlp, fashion-mlp, c1, c2, autoencoder, iris, wine, perceptron, dcgan-mnist, dcgan-cifar10, cgan-fashion.")
    String model;

    @Option(names = "--epochs", description = "Epochs (default: the course's: 5 for mnist-mlp, 10 for fashion-mlp).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Batch size (default 128; the course trains C1/C2 with 64 and 1000).", defaultValue = "128")
    int batchSize;

    @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--limit", description = "Train on the first N training samples only (default: all).", defaultValue = "0")
    int limit;

    @Option(names = "--out", description = "Folder for the plots (default: out/MODEL).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path outputDir = out != null ? out : Path.of("out", model);
        switch (model) {
            case "mnist-mlp" -> MlpExercise.run(MlpExercise.Dataset.MNIST, epochs != null ? epochs : 5, batchSize, seed, limit, outputDir, System.out, true);
            case "fashion-mlp" -> MlpExercise.run(MlpExercise.Dataset.FASHION, epochs != null ? epochs : 10, batchSize, seed, limit, outputDir, System.out, true);
            case "c1" -> CnnExercise.run(CnnExercise.Model.C1, epochs != null ? epochs : 20, batchSize, seed, limit, outputDir, System.out, true);
            case "c2" -> CnnExercise.run(CnnExercise.Model.C2, epochs != null ? epochs : 20, batchSize, seed, limit, outputDir, System.out, true);
            case "autoencoder" -> AutoencoderExercise.run(epochs != null ? epochs : 10, batchSize, seed, limit, outputDir, System.out, true);
            case "iris" -> TabularExercises.iris(epochs != null ? epochs : 200, seed, System.out, true);
            case "wine" -> TabularExercises.wine(epochs != null ? epochs : 10, seed, System.out);
            case "perceptron" -> TabularExercises.perceptron(System.out);
            case "dcgan-mnist", "dcgan-cifar10", "cgan-fashion" -> GanExercise.run(GanExercise.Config.fromCommandLine(model, epochs, batchSize, seed, limit, outputDir), System.out, true);
            default -> {
                System.err.println("tensorj train: unknown model '" + model + "'; choose one of: mnist-mlp, fashion-mlp, c1, c2, autoencoder, iris, wine, perceptron, dcgan-mnist, dcgan-cifar10, cgan-fashion");
                return 2;
            }
        }
        return 0;
    }
}
