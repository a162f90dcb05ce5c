package dev.tensorj.examples;

import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.nn.train.History;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The {@code report.md} of an image classifier run (MNIST/Fashion MLP, C1, C2): settings, the model
 * summary, our final figures beside the notebook's ("not known" where its output is not bundled with
 * us; none is invented), the per-class report and the figures the run wrote.
 */
final class ClassifierReport {
    private ClassifierReport() {
    }

    static void write(Path dir, String title, String settings, String summary, History history, ConfusionMatrix test, String[] classNames) throws IOException {
        write(dir, title, settings, summary, history, test, classNames, null);
    }

    /** Like {@link #write(Path, String, String, String, History, ConfusionMatrix, String[])}, saying what the validation split chose (when not null). */
    static void write(Path dir, String title, String settings, String summary, History history, ConfusionMatrix test, String[] classNames,
                      HoldOut.Choice validation) throws IOException {
        String nk = MethodologyReport.NOT_KNOWN;
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n").append(settings).append("\n\n");
        if (validation != null) md.append(validation.sentence()).append("\n\n");
        md.append("```\n").append(summary).append("\n```\n\n")
                .append("| figure | ours | notebook |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| final training loss | %.4f | %s |%n", history.last("loss"), nk))
                .append(String.format(Locale.ROOT, "| final training accuracy | %.2f %% | %s |%n", 100 * history.last("accuracy"), nk));
        if (validation != null && validation.held()) {
            md.append(String.format(Locale.ROOT, "| best epoch (highest validation accuracy) | %d of %d | %s |%n", validation.bestEpoch(), validation.epochsRun(), nk))
                    .append(String.format(Locale.ROOT, "| validation accuracy at the best epoch | %.2f %% | %s |%n", 100 * validation.valAccuracy(), nk));
        }
        md.append(String.format(Locale.ROOT, "| test accuracy | %.2f %% | %s |%n", 100 * test.accuracy(), nk))
                .append(String.format(Locale.ROOT, "| test macro-F1 | %.4f | %s |%n", test.macroF1(), nk))
                .append("\nThe notebook's own outputs are not bundled with us, so its column reads \"").append(nk).append("\".\n\n")
                .append("```\n").append(test.report(classNames)).append("```\n\n");
        for (String f : new String[] {"loss.png", "accuracy.png", "confusion-matrix.png", "prediction-grid.png", "training-images.png", "predictions.png"}) {
            if (Files.exists(dir.resolve(f))) md.append("![").append(f, 0, f.length() - 4).append("](").append(f).append(")\n\n");
        }
        Files.writeString(dir.resolve("report.md"), md.toString());
    }
}
