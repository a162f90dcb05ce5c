package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.plot.LearningCurves;
import dev.tensorj.plot.NormalizedConfusionPlot;
import dev.tensorj.nn.train.EpochClassificationMetrics;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One training of the methodology notebook: a classifier trained with Adam (PyTorch's coupled L2
 * {@code weight_decay}) and cross-entropy on the PNG subset, with loss, accuracy, and exact per-epoch
 * macro precision/recall/F1 on train and validation in its {@link History} (and per-step loss), and
 * the test set scored once at the end.
 */
final class MethodologyRun {
    /**
     * @param batchSize   0 for full batch (the whole training set in one step)
     * @param weightDecay Adam's L2 penalty (0: none)
     */
    record Settings(int epochs, int batchSize, double lr, double weightDecay, long seed) {
        String describe() {
            return String.format(Locale.ROOT, "Adam lr %s, weight decay %s, batch %s, %d epochs, seed %d", lr, weightDecay,
                    batchSize == 0 ? "full (600)" : Integer.toString(batchSize), epochs, seed);
        }
    }

    /** A finished run: the model, its history, the confusion matrices of the last epoch on validation and test, and its wall time. */
    record Result(Layer model, History history, ConfusionMatrix validation, ConfusionMatrix test, double seconds) {
        double last(String metric) {
            return history.last(metric);
        }
    }

    private MethodologyRun() {
    }

    static Result train(Layer model, TensorDataset train, TensorDataset valid, TensorDataset test, Settings s, PrintStream out, boolean verbose) {
        int classes = train.classNames().size();
        Adam adam = new Adam(model.trainableParameters(), s.lr(), 0.9, 0.999, 1e-8, s.weightDecay(), false);
        Trainer trainer = new Trainer(model, adam, Losses.crossEntropy(), Metric.accuracy()).verbose(verbose).printTo(out);
        DataLoader trainLoader = DataLoader.builder(train).batchSize(s.batchSize() == 0 ? train.size() : s.batchSize()).shuffle(s.seed()).build();
        DataLoader scoreTrain = DataLoader.builder(train).batchSize(1000).build();
        DataLoader validLoader = DataLoader.builder(valid).batchSize(1000).build();
        EpochClassificationMetrics scores = new EpochClassificationMetrics(scoreTrain, validLoader, classes);
        long start = System.nanoTime();
        dev.tensorj.nn.train.Callback printScores = (t, epoch, logs) -> {
            if (verbose) out.printf(Locale.ROOT, "  macro precision %.4f recall %.4f F1 %.4f | validation precision %.4f recall %.4f F1 %.4f%n",
                    logs.get("precision"), logs.get("recall"), logs.get("f1"), logs.get("val_precision"), logs.get("val_recall"), logs.get("val_f1"));
            return false;
        };
        History history = trainer.fit(trainLoader, s.epochs(), validLoader, scores, printScores);
        double seconds = (System.nanoTime() - start) / 1e9;
        ConfusionMatrix testMatrix = EpochClassificationMetrics.confusion(trainer, DataLoader.builder(test).batchSize(1000).build(), classes);
        return new Result(model, history, scores.lastValidation(), testMatrix, seconds);
    }

    /** One line: the last epoch's train/validation figures and the test accuracy and F1. */
    static String summaryLine(String name, Result r) {
        return String.format(Locale.ROOT, "%s: train loss %.4f acc %.2f %% F1 %.4f | validation loss %.4f acc %.2f %% F1 %.4f | test acc %.2f %% F1 %.4f (%.1f s)",
                name, r.last("loss"), 100 * r.last("accuracy"), r.last("f1"), r.last("val_loss"), 100 * r.last("val_accuracy"), r.last("val_f1"),
                100 * r.test().accuracy(), r.test().macroF1(), r.seconds());
    }

    /** The learning curves (loss, accuracy, precision, recall, f1 against their validation twins) into {@code dir}. */
    static void curves(Result r, Path dir, String title) throws IOException {
        LearningCurves.save(r.history().asMap(), dir, title + ": ");
    }

    /** The row-normalised confusion matrix of {@code matrix} with a colour bar (the notebook's {@code CM}). */
    static void confusion(ConfusionMatrix matrix, java.util.List<String> classNames, String title, Path file) throws IOException {
        int n = matrix.numClasses();
        long[][] counts = matrix.counts();
        double[][] shares = new double[n][n];
        for (int t = 0; t < n; t++) {
            long row = 0;
            for (long c : counts[t]) row += c;
            for (int p = 0; p < n; p++) shares[t][p] = row == 0 ? 0 : counts[t][p] / (double) row;
        }
        NormalizedConfusionPlot.save(shares, classNames.toArray(String[]::new), title, file);
    }
}
