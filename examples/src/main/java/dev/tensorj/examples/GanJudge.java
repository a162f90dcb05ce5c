package dev.tensorj.examples;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.gan.GanCallback;
import dev.tensorj.nn.gan.GanHistory;
import dev.tensorj.nn.gan.GanTrainer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Scores the generator after every epoch with a classifier trained beforehand on the real images (see
 * {@link GanScore}), prints a line and rewrites {@code judge.csv}, so that a long run shows when its samples
 * became recognisable, and a run stopped early still says how far it got. A run resumed from a checkpoint
 * keeps the rows of the epochs before it.
 */
final class GanJudge implements GanCallback {
    private final Layer classifier;
    private final int samples;
    private final Path csv;
    private final PrintStream out;
    private final List<Judged> rows = new ArrayList<>();

    /** The score of the generator after one epoch (1-based). */
    record Judged(int epoch, GanScore.Score score) {
    }

    /** {@code earlier}: the rows a resumed run takes over ({@link #earlierRows}), empty for a fresh run. */
    GanJudge(Layer classifier, int samples, Path csv, List<Judged> earlier, PrintStream out) {
        this.classifier = classifier;
        this.samples = samples;
        this.csv = csv;
        this.out = out;
        rows.addAll(earlier);
    }

    @Override
    public void onEpochEnd(GanTrainer trainer, int epoch, GanHistory history) {
        GanScore.Score score = GanExercise.scoreGenerator(trainer, classifier, samples);
        rows.add(new Judged(epoch + 1, score));
        out.printf(Locale.ROOT, "epoch %d judge: %s%n", epoch + 1, score);
        write();
    }

    /**
     * The rows of an existing judge.csv for epochs 1..{@code through} (those it holds; none when it is missing): read
     * by a resumed run before it trains anything, so that a damaged table stops it at once.
     */
    static List<Judged> earlierRows(Path csv, int through) {
        List<Judged> earlier = new ArrayList<>();
        if (through == 0 || !Files.isRegularFile(csv)) return earlier;
        try {
            List<String> lines = Files.readAllLines(csv);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.split(",", -1);
                int epoch = Integer.parseInt(f[0]);
                if (epoch > through) continue;
                earlier.add(new Judged(epoch, new GanScore.Score(Double.parseDouble(f[1]), f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]))));
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("GanJudge: cannot read the earlier epochs' scores from " + csv + " (" + e.getMessage()
                    + "); move it away to start the table afresh", e);
        }
        return earlier;
    }

    /** The scores so far, one per epoch. */
    List<GanScore.Score> scores() {
        return rows.stream().map(Judged::score).toList();
    }

    /** The scores as a Markdown table, a row per epoch (for report.md). */
    String table() {
        StringBuilder text = new StringBuilder("| epoch | confident | requested class | largest class |\n|---:|---:|---:|---:|\n");
        for (Judged row : rows) {
            GanScore.Score s = row.score();
            text.append(String.format(Locale.ROOT, "| %d | %.1f %% | %s | %.1f %% |\n", row.epoch(), 100 * s.confidentShare(),
                    requested(s, "%.1f %%", 100), 100 * s.largestClassShare()));
        }
        return text.toString();
    }

    /** The requested-class share in {@code format} (times {@code scale}), or nothing for an unconditional GAN. */
    private static String requested(GanScore.Score s, String format, double scale) {
        return Double.isNaN(s.classAccuracy()) ? "" : String.format(Locale.ROOT, format, scale * s.classAccuracy());
    }

    /** Rewrites judge.csv: written to a fresh name beside it, then moved over it (a reader never sees half a file). */
    private void write() {
        Path dir = csv.toAbsolutePath().getParent();
        // a fresh name rather than Files.createTempFile (whose mode 0600 the rename would hand on to judge.csv), in the
        // ".NAME.<uuid>.tmp" form of the other atomic saves, which OutputFolder clears after an interrupted run
        Path tmp = dir.resolve("." + csv.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            StringBuilder text = new StringBuilder("epoch,confident_share,requested_class_share,largest_class_share\n");
            for (Judged row : rows) {
                GanScore.Score s = row.score();
                text.append(String.format(Locale.ROOT, "%d,%.4f,%s,%.4f\n", row.epoch(), s.confidentShare(), requested(s, "%.4f", 1), s.largestClassShare()));
            }
            Files.writeString(tmp, text);
            Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("GanJudge: cannot write " + csv, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's own failure, if any, is the one to report
            }
        }
    }
}
