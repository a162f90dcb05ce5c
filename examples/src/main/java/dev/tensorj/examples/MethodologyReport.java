package dev.tensorj.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A methodology exercise's {@code report.md}: its settings, a table of our measured figures beside
 * the notebook's (written "not known" where the notebook's own number is not available to us — none
 * is invented), and the figures written.
 */
final class MethodologyReport {
    /** Said in every report: the notebook's own outputs are not bundled with the project. */
    static final String NOT_KNOWN = "not known";

    private final StringBuilder text = new StringBuilder();

    MethodologyReport(String title, String settings) {
        text.append("# ").append(title).append("\n\n").append(settings).append("\n\n")
                .append("The notebook's own figures are not available to us (its outputs are not bundled), so its column reads \"")
                .append(NOT_KNOWN).append("\".\n\n")
                .append("Training loss and accuracy are running means over each epoch's batches (in training mode, as Keras reports them); "
                        + "precision, recall and F1 are macro averages computed on the whole split after each epoch in eval mode; "
                        + "validation figures are all computed after the epoch.\n\n");
    }

    /** Starts a results table. */
    MethodologyReport table(String... columns) {
        text.append('|');
        for (String c : columns) text.append(' ').append(c).append(" |");
        text.append("\n|");
        for (int i = 0; i < columns.length; i++) text.append("---|");
        text.append('\n');
        return this;
    }

    /** One row of a table: a label, then our measured figures, then the notebook's ("not known"). */
    MethodologyReport row(String label, MethodologyRun.Result r) {
        text.append(String.format(Locale.ROOT, "| %s | %.4f / %.4f | %.2f %% / %.2f %% | %.4f / %.4f | %.2f %% / %.4f | %s |%n", label,
                r.last("loss"), r.last("val_loss"), 100 * r.last("accuracy"), 100 * r.last("val_accuracy"), r.last("f1"), r.last("val_f1"),
                100 * r.test().accuracy(), r.test().macroF1(), NOT_KNOWN));
        return this;
    }

    /** The standard columns of {@link #row}. */
    MethodologyReport resultsTable() {
        return table("run", "loss train / val", "accuracy train / val", "macro-F1 train / val", "test accuracy / F1", "notebook");
    }

    MethodologyReport paragraph(String line) {
        text.append('\n').append(line).append('\n');
        return this;
    }

    /** A figure, as a Markdown image with a caption. */
    MethodologyReport figure(String caption, String file) {
        text.append("\n![").append(caption).append("](").append(file).append(")  \n").append(caption)
                .append(" (notebook's figure: ").append(NOT_KNOWN).append(")\n");
        return this;
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), text.toString());
    }
}
