package dev.tensorj.examples;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.models.MethodologyNets;
import dev.tensorj.tensor.Generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The methodology notebook's metrics exercise: MLP 784-100-10 on the MNIST PNG subset, Adam, 100
 * epochs; per-epoch loss, accuracy and macro precision/recall/F1 on train and validation as curves,
 * the per-class report and a row-normalised confusion matrix of the test images.
 */
final class MetricsExercise {
    static final int EPOCHS = 100, BATCH = 64;
    static final double LR = 1e-3;

    private MetricsExercise() {
    }

    static MethodologyRun.Result run(Path dataDir, int epochs, int batch, long seed, Path out, PrintStream print, boolean verbose) throws IOException {
        MethodologyData data = MethodologyData.load(dataDir, print).flattened();
        Generator.seedGlobal(seed);
        Layer model = MethodologyNets.mlp100(new Generator(seed));
        if (verbose) print.println(model.summary(784));
        MethodologyRun.Settings settings = new MethodologyRun.Settings(epochs, batch, LR, 0, seed);
        MethodologyRun.Result r = MethodologyRun.train(model, data.train(), data.valid(), data.test(), settings, print, verbose);
        print.println(MethodologyRun.summaryLine("MLP 784-100-10", r));
        print.println("test set, per class:\n" + r.test().report(data.classNames().toArray(String[]::new)));
        if (out != null) {
            MethodologyRun.curves(r, out, "MLP 784-100-10");
            MethodologyRun.confusion(r.test(), data.classNames(), "MLP 784-100-10: test confusion (row-normalised)", out.resolve("confusion-matrix.png"));
            new MethodologyReport("Metrics exercise: MLP 784-100-10", "Settings: " + settings.describe() + "; data " + data.folder()
                    + " (600 train / 200 validation / 100 test). F1, precision and recall are macro averages over the ten digits, "
                    + "computed on each whole split after every epoch.")
                    .resultsTable().row("MLP 784-100-10", r)
                    .figure("loss by epoch, train and validation", "loss.png")
                    .figure("accuracy by epoch", "accuracy.png")
                    .figure("macro-F1 by epoch", "f1.png")
                    .figure("macro precision by epoch", "precision.png")
                    .figure("macro recall by epoch", "recall.png")
                    .figure("row-normalised confusion matrix of the test images", "confusion-matrix.png")
                    .write(out);
            print.println("plots and report.md in " + out.toAbsolutePath());
        }
        return r;
    }
}
