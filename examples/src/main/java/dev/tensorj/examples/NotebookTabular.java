package dev.tensorj.examples;

import dev.tensorj.datasets.Batch;
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
import dev.tensorj.plot.ConfusionMatrixPlot;
import dev.tensorj.plot.LearningCurves;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The notebook's small tabular exercises with the notebook's settings: the sigmoid perceptron on a
 * two-feature linearly separable set, red wine good/bad, and Iris (its 4-50-50-4 model with an extra
 * Softmax, beside the corrected 4-50-50-3). Each writes its figures and a {@code report.md}; the
 * notebook's own figures are not bundled with us, so the report's notebook column reads "not known".
 */
public final class NotebookTabular {
    /** Default epochs: the notebook's where it gives them (perceptron 15, Iris 100); wine's is not known to us. */
    public static final int PERCEPTRON_EPOCHS = 15, IRIS_EPOCHS = 100, WINE_EPOCHS = 100;

    /** The 11 chemical features of the UCI Wine Quality files, in column order. */
    static final List<String> WINE_FEATURES = List.of("fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides",
            "free sulfur dioxide", "total sulfur dioxide", "density", "pH", "sulphates", "alcohol");

    private NotebookTabular() {
    }

    /** What a run measured: final train and test accuracy and the epochs run. */
    public record Result(double trainAccuracy, double testAccuracy, int epochs) {
    }

    /**
     * The notebook's perceptron: y = sigmoid(w . x + b), class 1 when y ≥ 0.5; after each sample,
     * w += lr (t - class) x and b += lr (t - class), lr 0.5, on 100 seeded points of two Gaussian
     * blobs with every point at least 0.5 from the line x1 + x2 = 0 (so the set is linearly
     * separable). Writes the points with the learnt boundary and report.md into {@code out}.
     */
    public static Result perceptron(int epochs, long seed, Path out, PrintStream print) throws IOException {
        Random random = new Random(seed);
        int n = 100;
        float[][] x = new float[n][2];
        long[] t = new long[n];
        for (int i = 0; i < n; ) {
            int label = i % 2;
            double cx = label == 1 ? 2 : -2;
            float a = (float) (cx + random.nextGaussian()), b = (float) (cx + random.nextGaussian());
            if ((label == 1 ? a + b : -(a + b)) < 0.5) continue; // keep a margin: the set stays separable
            x[i] = new float[] {a, b};
            t[i++] = label;
        }
        double lr = 0.5;
        double[] w = {0, 0, 0}; // w1, w2, b
        print.println("Perceptron: 2 inputs -> sigmoid, threshold 0.5 (3 parameters), lr 0.5, " + epochs + " epochs, " + n + " points");
        int errors = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            errors = 0;
            for (int i = 0; i < n; i++) {
                int predicted = predict(w, x[i]);
                int delta = (int) t[i] - predicted;
                if (delta != 0) errors++;
                w[0] += lr * delta * x[i][0];
                w[1] += lr * delta * x[i][1];
                w[2] += lr * delta;
            }
            print.printf(Locale.ROOT, "epoch %2d: %d errors, w = (%.3f, %.3f), b = %.3f%n", epoch, errors, w[0], w[1], w[2]);
        }
        int correct = 0;
        for (int i = 0; i < n; i++) if (predict(w, x[i]) == t[i]) correct++;
        double accuracy = (double) correct / n;
        TabularPlots.scatter(x, t, 0, 1, List.of("class 0", "class 1"), "x1", "x2", "Perceptron: points and decision boundary", w,
                out.resolve("decision_boundary.png"));
        String report = "# Perceptron (the notebook's)\n\n"
                + "Two Gaussian blobs (means (-2,-2) and (2,2), sd 1, 50 points each, seed " + seed + ", points closer than 0.5 to x1 + x2 = 0 redrawn); "
                + "the notebook's own point set is not known to us.\n"
                + "Sigmoid output, class 1 when sigmoid(w . x + b) >= 0.5, update w += lr (t - class) x, lr 0.5, " + epochs + " epochs.\n\n"
                + "| figure | ours | notebook |\n|---|---|---|\n"
                + String.format(Locale.ROOT, "| training accuracy | %.2f %% | %s |%n", 100 * accuracy, MethodologyReport.NOT_KNOWN)
                + String.format(Locale.ROOT, "| errors in the last epoch | %d | %s |%n", errors, MethodologyReport.NOT_KNOWN)
                + String.format(Locale.ROOT, "| w1, w2, b | %.3f, %.3f, %.3f | %s |%n", w[0], w[1], w[2], MethodologyReport.NOT_KNOWN)
                + "\n![decision boundary](decision_boundary.png)\n";
        Files.writeString(out.resolve("report.md"), report);
        print.printf(Locale.ROOT, "perceptron: accuracy %.2f %%; decision_boundary.png and report.md in %s%n", 100 * accuracy, out.toAbsolutePath());
        return new Result(accuracy, accuracy, epochs);
    }

    private static int predict(double[] w, float[] x) {
        double z = w[0] * x[0] + w[1] * x[1] + w[2];
        return 1 / (1 + Math.exp(-z)) >= 0.5 ? 1 : 0;
    }

    /**
     * Red wine, good (quality ≥ 6) or not: 75/25 split, features standardised with the training
     * split's statistics, the MLP 11-2-2-1 (ReLU, sigmoid output through BCE with logits), Adam lr 0.1,
     * full batch. Writes feature histograms, learning curves, the confusion matrix and report.md.
     */
    public static Result wine(int epochs, long seed, Path out, PrintStream print) throws IOException {
        TensorDataset red = WineQuality.red();
        long[] quality = red.targets().toLongArray();
        long[] good = new long[quality.length];
        int goodCount = 0;
        for (int i = 0; i < quality.length; i++) {
            good[i] = quality[i] >= 6 ? 1 : 0;
            goodCount += (int) good[i];
        }
        TensorDataset data = new TensorDataset(red.inputs(), Tensor.ofLongs(good), List.of("bad (< 6)", "good (>= 6)"));
        TabularPlots.histograms(rows(red.inputs()), WINE_FEATURES, 30, "Red wine: feature histograms (" + red.size() + " wines)", out.resolve("feature_histograms.png"));
        Split split = Splits.trainValSplit(data, 0.25, seed);
        Batch train = TabularExercises.all(split.train()), test = TabularExercises.all(split.validation());
        Tensor mean = train.inputs().mean(new int[] {0}, true), std = train.inputs().std(new int[] {0}, 0, true);
        Batch trainStd = new Batch(TabularExercises.standardise(train.inputs(), mean, std), train.targets().to(DType.FLOAT32).reshape(-1, 1));
        Batch testStd = new Batch(TabularExercises.standardise(test.inputs(), mean, std), test.targets().to(DType.FLOAT32).reshape(-1, 1));
        Generator.seedGlobal(seed);
        Generator g = new Generator(seed);
        Layer model = new Sequential(new Linear(11, 2, true, g), Activation.relu(), new Linear(2, 2, true, g), Activation.relu(), new Linear(2, 1, true, g));
        print.println(model.summary(11));
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.1), Losses.bceWithLogits(), Metric.binaryAccuracyFromLogits()).verbose(false);
        History h = trainer.fit(List.of(trainStd), epochs, List.of(testStd),
                TensorBoardRuns.plain("wine", TensorBoardRuns.settings("model", "wine", "epochs", epochs, "seed", seed, "lr", 0.1), model::toString));
        Tensor predicted = trainer.predict(List.of(testStd.inputs())).gt(0).to(DType.INT64).reshape(-1);
        ConfusionMatrix cm = ConfusionMatrix.of(test.targets(), predicted, 2);
        String[] names = data.classNames().toArray(String[]::new);
        LearningCurves.save(h.asMap(), out, "wine: ");
        ConfusionMatrixPlot.save(cm, names, "Red wine, test split", out.resolve("confusion_matrix.png"));
        Result r = new Result(h.last("accuracy"), h.last("val_accuracy"), epochs);
        print.printf(Locale.ROOT, "wine (red, quality >= 6 -> good; %d of %d good): train accuracy %.2f %%, test accuracy %.2f %% after %d epochs%n",
                goodCount, red.size(), 100 * r.trainAccuracy(), 100 * r.testAccuracy(), epochs);
        print.println(cm.report(names));
        String report = "# Red wine, good or not (the notebook's)\n\n"
                + "Red wine only; quality >= 6 -> good (" + goodCount + " of " + red.size() + "); 75/25 random split (seed " + seed + ", not sklearn's "
                + "shuffle, so not the notebook's rows); features standardised with the training split's mean and sd (the notebook's "
                + "preprocessing and epoch count are not known to us: " + epochs + " full-batch epochs here); "
                + "MLP 11-2-2-1 (two hidden layers of 2, ReLU, sigmoid output via BCE with logits), Adam lr 0.1.\n\n"
                + "```\n" + model.summary(11) + "\n```\n\n"
                + "| figure | ours | notebook |\n|---|---|---|\n"
                + String.format(Locale.ROOT, "| train accuracy | %.2f %% | %s |%n", 100 * r.trainAccuracy(), MethodologyReport.NOT_KNOWN)
                + String.format(Locale.ROOT, "| test accuracy | %.2f %% | %s |%n", 100 * r.testAccuracy(), MethodologyReport.NOT_KNOWN)
                + String.format(Locale.ROOT, "| test macro-F1 | %.4f | %s |%n", cm.macroF1(), MethodologyReport.NOT_KNOWN)
                + "\n```\n" + cm.report(names) + "```\n\n"
                + "![feature histograms](feature_histograms.png)\n\n![loss](loss.png)\n\n![accuracy](accuracy.png)\n\n![confusion matrix](confusion_matrix.png)\n";
        Files.writeString(out.resolve("report.md"), report);
        print.println("figures and report.md in " + out.toAbsolutePath());
        return r;
    }

    /**
     * Iris as the notebook gives it: features standardised (training split's statistics), 80/20
     * random split with seed 42, Adam 1e-3, full batch; with {@code notebookQuirks} the notebook's
     * 4-50-50-4 ending in a Softmax layer before the cross-entropy (which applies log-softmax
     * again), otherwise the corrected 4-50-50-3 giving logits. Writes learning curves, the confusion
     * matrix and (once) the two scatter plots of feature pairs by class into {@code out}.
     */
    public static Result iris(boolean notebookQuirks, int epochs, long seed, Path out, PrintStream print) throws IOException {
        TensorDataset iris = Iris.load();
        Split split = Splits.trainValSplit(iris, 0.2, seed);
        Batch train = TabularExercises.all(split.train()), test = TabularExercises.all(split.validation());
        Tensor mean = train.inputs().mean(new int[] {0}, true), std = train.inputs().std(new int[] {0}, 0, true);
        Batch trainStd = new Batch(TabularExercises.standardise(train.inputs(), mean, std), train.targets());
        Batch testStd = new Batch(TabularExercises.standardise(test.inputs(), mean, std), test.targets());
        Generator.seedGlobal(seed);
        Generator g = new Generator(seed);
        int outputs = notebookQuirks ? 4 : 3;
        Sequential model = new Sequential(new Linear(4, 50, true, g), Activation.relu(), new Linear(50, 50, true, g), Activation.relu(), new Linear(50, outputs, true, g));
        if (notebookQuirks) model = new Sequential(model, Activation.softmax(1));
        String name = notebookQuirks ? "iris 4-50-50-4 + Softmax (notebook)" : "iris 4-50-50-3 (corrected)";
        print.println(name + ":\n" + model.summary(4));
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 1e-3), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
        History h = trainer.fit(List.of(trainStd), epochs, List.of(testStd),
                TensorBoardRuns.plain(notebookQuirks ? "iris" : "iris-corrected", TensorBoardRuns.settings("model", name, "epochs", epochs, "seed", seed, "lr", 1e-3), model::toString));
        Tensor predicted = trainer.predict(List.of(testStd.inputs())).argmax(1);
        String[] names = notebookQuirks ? new String[] {iris.classNames().get(0), iris.classNames().get(1), iris.classNames().get(2), "(unused 4th output)"}
                : iris.classNames().toArray(String[]::new);
        ConfusionMatrix cm = ConfusionMatrix.of(testStd.targets(), predicted, outputs);
        Files.createDirectories(out);
        LearningCurves.save(h.asMap(), out, name + ": ");
        ConfusionMatrixPlot.save(cm, names, name + ", test split", out.resolve("confusion_matrix.png"));
        Result r = new Result(h.last("accuracy"), h.last("val_accuracy"), epochs);
        print.printf(Locale.ROOT, "%s: final loss %.4f / val %.4f, train accuracy %.2f %%, test accuracy %.2f %% after %d full-batch epochs%n",
                name, h.last("loss"), h.last("val_loss"), 100 * r.trainAccuracy(), 100 * r.testAccuracy(), epochs);
        print.println(cm.report(names));
        return r;
    }

    /** Both Iris models (the notebook's, then the corrected one) in {@code out}/notebook and {@code out}/corrected, the scatter plots and one report.md. */
    public static Result[] irisBoth(int epochs, long seed, Path out, PrintStream print) throws IOException {
        TensorDataset iris = Iris.load();
        float[][] x = rows(iris.inputs());
        long[] y = iris.targets().toLongArray();
        TabularPlots.scatter(x, y, 0, 1, iris.classNames(), Iris.FEATURE_NAMES.get(0), Iris.FEATURE_NAMES.get(1), "Iris: sepal length vs width", null, out.resolve("sepal_scatter.png"));
        TabularPlots.scatter(x, y, 2, 3, iris.classNames(), Iris.FEATURE_NAMES.get(2), Iris.FEATURE_NAMES.get(3), "Iris: petal length vs width", null, out.resolve("petal_scatter.png"));
        Result quirky = iris(true, epochs, seed, out.resolve("notebook"), print);
        Result fixed = iris(false, epochs, seed, out.resolve("corrected"), print);
        String report = "# Iris (the notebook's, and corrected)\n\n"
                + "Features standardised with the training split's mean and sd; 80/20 random split, seed " + seed + " (our shuffle, not sklearn's "
                + "train_test_split, so not the notebook's rows); Adam lr 1e-3; " + epochs + " full-batch epochs; cross-entropy.\n\n"
                + "The notebook's model has two quirks, kept in the first run: (1) its last Linear has **4 outputs for 3 classes** "
                + "(the 4th logit is never a target and is only pushed down), and (2) it ends in a **Softmax layer before "
                + "CrossEntropyLoss**, which applies log-softmax itself, so softmax is applied twice: with four outputs the loss cannot go below "
                + "ln(1 + 3/e) = 0.744 even when every sample is right, and the gradients are flattened, so it learns more slowly. "
                + "The corrected model is 4-50-50-3 giving logits to the cross-entropy.\n\n"
                + "| model | train accuracy | test accuracy | notebook |\n|---|---|---|---|\n"
                + String.format(Locale.ROOT, "| 4-50-50-4 + Softmax (notebook's) | %.2f %% | %.2f %% | %s |%n", 100 * quirky.trainAccuracy(), 100 * quirky.testAccuracy(), MethodologyReport.NOT_KNOWN)
                + String.format(Locale.ROOT, "| 4-50-50-3 (corrected) | %.2f %% | %.2f %% | %s |%n", 100 * fixed.trainAccuracy(), 100 * fixed.testAccuracy(), MethodologyReport.NOT_KNOWN)
                + "\n![sepal scatter](sepal_scatter.png)\n\n![petal scatter](petal_scatter.png)\n\n"
                + "Notebook's model: ![loss](notebook/loss.png) ![accuracy](notebook/accuracy.png) ![confusion matrix](notebook/confusion_matrix.png)\n\n"
                + "Corrected model: ![loss](corrected/loss.png) ![accuracy](corrected/accuracy.png) ![confusion matrix](corrected/confusion_matrix.png)\n";
        Files.writeString(out.resolve("report.md"), report);
        print.println("figures and report.md in " + out.toAbsolutePath());
        return new Result[] {quirky, fixed};
    }

    /** The rows of a 2-D float tensor as arrays. */
    static float[][] rows(Tensor x) {
        int n = x.size(0), d = x.size(1);
        float[] flat = x.to(DType.FLOAT32).contiguous().toFloatArray();
        float[][] rows = new float[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, rows[i], 0, d);
        return rows;
    }
}
