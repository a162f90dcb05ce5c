package dev.tensorj.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's comparison of its two Fashion-MNIST CNNs: C1 (small) and C2 (large, BatchNorm and
 * Dropout), each trained with batch 64 and batch 1000, side by side — parameters, final train and validation
 * accuracy, the gap between them (over-fitting), the best validation accuracy and its epoch, the test accuracy of
 * that epoch's weights (the test set is seen once, at the end), and seconds per epoch. Printed as a Markdown table
 * and written to {@code comparison.md}. Validation: 10 % of the training images, held out with the seed.
 */
public final class CnnComparison {
    /** One row: a model trained with one batch size. */
    public record Row(CnnExercise.Model model, int batchSize, CnnExercise.Result result) {
        double trainAccuracy() {
            return result.history().last("accuracy");
        }

        double validationAccuracy() {
            return result.history().last("val_accuracy");
        }

        int bestEpoch() {
            List<Double> validation = result.history().get("val_accuracy");
            int best = 0;
            for (int e = 1; e < validation.size(); e++) if (validation.get(e) > validation.get(best)) best = e;
            return best + 1;
        }

        double bestValidationAccuracy() {
            return result.history().get("val_accuracy").get(bestEpoch() - 1);
        }
    }

    private CnnComparison() {
    }

    public static List<Row> run(int epochs, long seed, int trainLimit, Path outputDir, PrintStream out) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (CnnExercise.Model model : CnnExercise.Model.values()) {
            dev.tensorj.tensor.Generator g = new dev.tensorj.tensor.Generator(seed);
            out.println(model + ":\n" + (model == CnnExercise.Model.C1 ? CnnExercise.c1(g) : CnnExercise.c2(g)).summary(1, 28, 28));
            for (int batch : new int[] {64, 1000}) {
                out.printf(Locale.ROOT, "training %s with batch %d for %d epochs...%n", model, batch, epochs);
                Path runDir = outputDir == null ? null : outputDir.resolve(runFolder(model, batch));
                rows.add(new Row(model, batch, CnnExercise.run(model, epochs, batch, seed, trainLimit, runDir, out, false)));
            }
        }
        String table = table(rows, epochs, trainLimit);
        out.println(table);
        if (outputDir != null) {
            Files.createDirectories(outputDir);
            Files.writeString(outputDir.resolve("comparison.md"), table);
            StringBuilder report = new StringBuilder("# ").append(table.strip()).append("\n\nEach run's own report, curves, confusion matrix and predictions:\n\n");
            for (Row r : rows) {
                String folder = runFolder(r.model(), r.batchSize());
                report.append("- [").append(r.model()).append(", batch ").append(r.batchSize()).append("](").append(folder).append("/report.md)\n");
            }
            Files.writeString(outputDir.resolve("report.md"), report.toString());
            out.println("table written to " + outputDir.resolve("comparison.md").toAbsolutePath() + ", each run's plots and report.md in its own folder there");
        }
        return rows;
    }

    /** The sub-folder of one run's plots and report, e.g. {@code c1-batch64}. */
    static String runFolder(CnnExercise.Model model, int batch) {
        return model.name().toLowerCase(Locale.ROOT) + "-batch" + batch;
    }

    static String table(List<Row> rows, int epochs, int trainLimit) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "C1 vs C2 on Fashion-MNIST, %d epochs on %s training images, Adam 0.001%n%n",
                epochs, trainLimit > 0 ? String.format(Locale.ROOT, "%,d", trainLimit) : "all 60,000"));
        sb.append("| model | batch | parameters | train acc. | val acc. | gap | best val acc. (epoch) | test acc. (that epoch) | s / epoch |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double train = r.trainAccuracy(), validation = r.validationAccuracy();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %,d | %.2f %% | %.2f %% | %+.2f | %.2f %% (%d) | %.2f %% | %.1f |%n", r.model(), r.batchSize(),
                    r.result().parameters(), 100 * train, 100 * validation, 100 * (train - validation), 100 * r.bestValidationAccuracy(), r.bestEpoch(),
                    100 * r.result().testAccuracy(), r.result().secondsPerEpoch()));
        }
        return sb.toString();
    }
}
