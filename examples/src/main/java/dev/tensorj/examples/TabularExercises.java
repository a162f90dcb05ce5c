package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.Dataset;
import dev.tensorj.datasets.Iris;
import dev.tensorj.datasets.Split;
import dev.tensorj.datasets.Splits;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.datasets.WineQuality;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The course's small tabular exercises:
 * <ul>
 *   <li>the perceptron (Rosenblatt's learning rule, no autograd) on a linearly separable set: Iris
 *       setosa against versicolor by petal length and width;</li>
 *   <li>an Iris MLP 4-10-3 (Adam, cross-entropy) on a stratified 70/30 split;</li>
 *   <li>a binary MLP on Wine Quality telling red from white wine from the 11 chemical features
 *       (11-12-8-1 with a sigmoid output, BCE, Adam), on standardised features.</li>
 * </ul>
 */
public final class TabularExercises {
    private TabularExercises() {
    }

    /** All samples of a dataset as one (inputs, targets) pair. */
    static Batch all(Dataset data) {
        dev.tensorj.datasets.Batch b = DataLoader.builder(data).batchSize(Math.max(1, data.size())).build().iterator().next();
        return new Batch(b.inputs(), b.targets());
    }

    /** (x - mean) / std per feature column, with the training set's statistics. */
    static Tensor standardise(Tensor x, Tensor mean, Tensor std) {
        return x.sub(mean).div(std.add(1e-8));
    }

    /**
     * Rosenblatt's perceptron: predict sign(w . x + b); on a mistake, w += lr * y * x and b += lr * y
     * (labels y in {-1, +1}). On linearly separable data it stops making mistakes after finitely many
     * updates (Novikoff's theorem). Returns the number of epochs until an error-free pass.
     */
    public static int perceptron(PrintStream out) {
        TensorDataset iris = Iris.load();
        long[] labels = iris.targets().toLongArray();
        int n = 0;
        for (long l : labels) if (l < 2) n++;
        Tensor x = iris.inputs().narrow(0, 0, n).narrow(1, 2, 2);                  // petal length, width (setosa and versicolor come first)
        Tensor y = iris.targets().narrow(0, 0, n).to(DType.FLOAT32).mul(2).sub(1); // 0/1 -> -1/+1
        float[] w = {0, 0};
        float b = 0, lr = 0.1f;
        float[] xs = x.contiguous().toFloatArray(), ys = y.toFloatArray();
        for (int epoch = 1; epoch <= 100; epoch++) {
            int mistakes = 0;
            for (int i = 0; i < n; i++) {
                float activation = w[0] * xs[2 * i] + w[1] * xs[2 * i + 1] + b;
                if (ys[i] * activation <= 0) { // wrong side (or on the line): move the line towards the sample
                    w[0] += lr * ys[i] * xs[2 * i];
                    w[1] += lr * ys[i] * xs[2 * i + 1];
                    b += lr * ys[i];
                    mistakes++;
                }
            }
            out.printf(Locale.ROOT, "perceptron epoch %d: %d mistakes, w = (%.2f, %.2f), b = %.2f%n", epoch, mistakes, w[0], w[1], b);
            if (mistakes == 0) return epoch;
        }
        return -1;
    }

    /** The Iris MLP; returns the test accuracy. */
    public static double iris(int epochs, long seed, PrintStream out, boolean verbose) {
        TensorDataset iris = Iris.load();
        Split split = Splits.stratifiedTrainValSplit(iris, 0.3, seed);
        Batch train = all(split.train()), test = all(split.validation());
        Tensor mean = train.inputs().mean(new int[] {0}, true), std = train.inputs().std(new int[] {0}, 0, true);
        Batch trainStd = new Batch(standardise(train.inputs(), mean, std), train.targets());
        Batch testStd = new Batch(standardise(test.inputs(), mean, std), test.targets());
        Generator.seedGlobal(seed);
        Generator g = new Generator(seed);
        Layer model = new Sequential(new Linear(4, 10, true, g), Activation.relu(), new Linear(10, 3, true, g));
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
        History h = trainer.fit(List.of(trainStd), epochs, List.of(testStd),
                TensorBoardRuns.plain("iris", TensorBoardRuns.settings("model", "iris", "epochs", epochs, "seed", seed, "lr", 0.01), model::toString));
        double accuracy = h.last("val_accuracy");
        Tensor predicted = trainer.predict(List.of(testStd.inputs())).argmax(1);
        out.printf(Locale.ROOT, "Iris MLP: test accuracy %.2f %% after %d epochs%n", 100 * accuracy, epochs);
        if (verbose) out.println(ConfusionMatrix.of(testStd.targets(), predicted, 3).report(iris.classNames().toArray(new String[0])));
        return accuracy;
    }

    /** Red against white wine; returns the test accuracy. */
    public static double wine(int epochs, long seed, PrintStream out) {
        TensorDataset red = WineQuality.red(), white = WineQuality.white();
        Tensor x = Tensor.concat(0, red.inputs(), white.inputs());
        Tensor y = Tensor.concat(0, Tensor.ones(red.size()), Tensor.zeros(white.size())).reshape(-1, 1); // 1 = red
        TensorDataset all = new TensorDataset(x, y.to(DType.INT64).reshape(-1));
        Split split = Splits.stratifiedTrainValSplit(all, 0.33, seed);
        Batch train = all(split.train()), test = all(split.validation());
        Tensor mean = train.inputs().mean(new int[] {0}, true), std = train.inputs().std(new int[] {0}, 0, true);
        Generator.seedGlobal(seed);
        Generator g = new Generator(seed);
        Layer model = new Sequential(new Linear(11, 12, true, g), Activation.relu(), new Linear(12, 8, true, g), Activation.relu(), new Linear(8, 1, true, g));
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.001), Losses.bceWithLogits(), Metric.binaryAccuracyFromLogits()).verbose(false);
        List<Batch> trainBatches = minibatches(standardise(train.inputs(), mean, std), train.targets().to(DType.FLOAT32).reshape(-1, 1), 32);
        Batch testBatch = new Batch(standardise(test.inputs(), mean, std), test.targets().to(DType.FLOAT32).reshape(-1, 1));
        History h = trainer.fit(trainBatches, epochs, List.of(testBatch),
                TensorBoardRuns.plain("wine", TensorBoardRuns.settings("model", "wine", "epochs", epochs, "seed", seed, "batch_size", 32, "lr", 0.001), model::toString));
        double accuracy = h.last("val_accuracy");
        out.printf(Locale.ROOT, "Wine red vs white MLP: test accuracy %.2f %% after %d epochs%n", 100 * accuracy, epochs);
        return accuracy;
    }

    private static List<Batch> minibatches(Tensor x, Tensor y, int size) {
        List<Batch> batches = new java.util.ArrayList<>();
        for (int start = 0; start < x.size(0); start += size) {
            int length = Math.min(size, x.size(0) - start);
            batches.add(new Batch(x.narrow(0, start, length), y.narrow(0, start, length)));
        }
        return batches;
    }
}
