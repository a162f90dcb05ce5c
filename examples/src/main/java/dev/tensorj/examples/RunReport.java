package dev.tensorj.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code report.md} of a run that is not a plain classifier (the autoencoder, the GANs, transfer learning):
 * its settings, the model summary, a table of our figures beside the notebook's ("not known" where its output is
 * not bundled with us; none is invented) and the pictures the run wrote.
 */
final class RunReport {
    private final StringBuilder md = new StringBuilder();
    private final StringBuilder rows = new StringBuilder();
    private final StringBuilder after = new StringBuilder();

    RunReport(String title, String settings) {
        md.append("# ").append(title).append("\n\n").append(settings).append("\n\n");
    }

    /** The model's summary, as printed by the run. */
    RunReport summary(String summary) {
        md.append("```\n").append(summary.strip()).append("\n```\n\n");
        return this;
    }

    /** One row of the figures table: ours, and the notebook's ({@link MethodologyReport#NOT_KNOWN} when we do not have it). */
    RunReport figure(String name, String ours, String notebook) {
        rows.append("| ").append(name).append(" | ").append(ours).append(" | ").append(notebook).append(" |\n");
        return this;
    }

    /** A paragraph after the table. */
    RunReport paragraph(String text) {
        after.append(text.strip()).append("\n\n");
        return this;
    }

    /** Writes {@code dir/report.md}, embedding those of {@code pictures} (file names in {@code dir}) that exist. */
    void write(Path dir, String... pictures) throws IOException {
        StringBuilder out = new StringBuilder(md);
        if (!rows.isEmpty()) out.append("| figure | ours | notebook |\n|---|---|---|\n").append(rows).append('\n');
        out.append(after);
        for (String p : pictures) {
            if (Files.exists(dir.resolve(p))) out.append("![").append(p.replaceFirst("\\.png$", "")).append("](").append(p).append(")\n\n");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), out.toString());
    }
}
