package dev.tensorj.examples;

import dev.tensorj.datasets.DataLocator;
import dev.tensorj.datasets.MnistPngExport;
import dev.tensorj.plot.LearningCurves;
import dev.tensorj.plot.NormalizedConfusionPlot;
import dev.tensorj.selection.ConfigSummary;
import dev.tensorj.selection.DataSource;
import dev.tensorj.selection.Executor;
import dev.tensorj.selection.GridSearch;
import dev.tensorj.selection.ImageFolderSource;
import dev.tensorj.selection.MlpObjective;
import dev.tensorj.selection.MnistSource;
import dev.tensorj.selection.ParamGrid;
import dev.tensorj.selection.ProgressListener;
import dev.tensorj.selection.ResultTable;
import dev.tensorj.selection.TrialResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The methodology notebook's grid search: batch {256, 512, 1024} × lr {0.001, 0.01, 0.1} × weight
 * decay {0.001, 0.01, 0.1} × hidden {50, 80, 100} × epochs {50, 100, 150} = 243 configurations of
 * the MLP 784-hidden-ReLU-10 with Adam and cross-entropy ({@link MlpObjective}), on the notebook's
 * MNIST PNG subset (600 training, 200 validation images) or on all of MNIST.
 */
public final class MnistGridSearch {
    /** The notebook's grid. */
    public static final String COURSE_GRID = "batch=256,512,1024;lr=0.001,0.01,0.1;wd=0.001,0.01,0.1;hidden=50,80,100;epochs=50,100,150";

    /** Where the data comes from. */
    public enum Data { PNG, MNIST }

    /** The settings of one search. */
    public record Settings(Data data, Path pngDir, String gridOverrides, int folds, boolean stratified, int sample, int limit, long seed, String metric, Path out) {
    }

    private MnistGridSearch() {
    }

    /** The course grid with the axes named in {@code overrides} ({@code name=v1,v2;...}) replaced. */
    public static ParamGrid grid(String overrides) {
        ParamGrid course = ParamGrid.parse(COURSE_GRID, MlpObjective.SCHEMA);
        if (overrides == null || overrides.isBlank()) return course;
        ParamGrid changed = ParamGrid.parse(overrides, MlpObjective.SCHEMA);
        ParamGrid.Builder builder = ParamGrid.builder();
        for (ParamGrid.Axis axis : course.axes()) {
            ParamGrid.Axis chosen = changed.axis(axis.name()) != null ? changed.axis(axis.name()) : axis;
            builder.axis(chosen.name(), chosen.type(), chosen.values());
        }
        return builder.build();
    }

    /** The PNG subset's folder: the one given, or {@code $TENSORJ_DATA/mnist-png}, or {@code ~/.tensorj/datasets/mnist-png}, written there from the MNIST files when missing. */
    public static Path pngSubset(Path given, PrintStream out) {
        Path dir = given;
        if (dir == null) {
            String data = System.getenv("TENSORJ_DATA");
            Path shared = data == null ? null : Path.of(data, "mnist-png");
            dir = shared != null && Files.isDirectory(shared.resolve("train")) ? shared : Path.of(System.getProperty("user.home"), ".tensorj", "datasets", "mnist-png");
        }
        dir = dir.toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("train")) || !Files.isDirectory(dir.resolve("valid"))) {
            out.println("writing the MNIST PNG subset to " + dir + " (seed " + MnistPngExport.DEFAULT_SEED + ")");
            MnistPngExport.export(DataLocator.standard(), dir, MnistPngExport.DEFAULT_SEED);
        }
        return dir;
    }

    /** The training and validation sources of {@code settings}. */
    public static DataSource[] sources(Settings settings, PrintStream out) {
        if (settings.data() == Data.MNIST) return new DataSource[] {new MnistSource(true, 0, 50_000), new MnistSource(true, 50_000, 60_000)};
        Path dir = pngSubset(settings.pngDir(), out);
        return new DataSource[] {new ImageFolderSource(dir.resolve("train").toString()), new ImageFolderSource(dir.resolve("valid").toString())};
    }

    /** Runs the search on {@code executor} and writes its table, top-10, winner's curves and confusion matrix under {@code settings.out()}. */
    public static ResultTable run(Settings settings, Executor executor, ProgressListener progress, PrintStream out) throws IOException {
        GridSearch search = GridSearch.of(new MlpObjective(10), grid(settings.gridOverrides())).folds(settings.folds()).stratified(settings.stratified()).seed(settings.seed())
                .sample(settings.sample()).limit(settings.limit());
        DataSource[] data = sources(settings, out);
        int trials = search.trials().size();
        out.printf(Locale.ROOT, "%d configurations x %d fold(s) = %d trainings on %s, data %s%n", search.configurations().size(), settings.folds(), trials,
                executor.name(), data[0].key() + (settings.folds() == 1 ? " / " + data[1].key() : " (k-fold)"));
        long start = System.nanoTime();
        ResultTable table = search.run(data[0], settings.folds() == 1 ? data[1] : null, executor, progress);
        double wall = (System.nanoTime() - start) / 1e9;
        report(table, settings, executor.name(), wall, out);
        return table;
    }

    static void report(ResultTable table, Settings settings, String executorName, double wall, PrintStream out) throws IOException {
        Path dir = settings.out();
        Files.createDirectories(dir);
        table.writeCsv(dir.resolve("results.csv"));
        String top = table.markdown(settings.metric(), 10);
        Files.writeString(dir.resolve("top10.md"), top);
        out.println();
        out.println("top 10 by " + settings.metric() + ":");
        out.println(top);
        double train = table.rows().stream().mapToDouble(TrialResult::trainSeconds).sum();
        double setup = table.rows().stream().mapToDouble(TrialResult::setupSeconds).sum();
        long diverged = table.rows().stream().filter(r -> r.outcome().diverged()).count();
        out.printf(Locale.ROOT, "wall %.1f s; trainings %.1f s in all (mean %.2f s), data setup %.1f s in all; %d diverged%n", wall, train, train / table.rows().size(), setup, diverged);

        ConfigSummary best = table.best(settings.metric());
        out.printf(Locale.ROOT, "winner: config %d (%s): val_loss %.4f, val_f1 %.4f, val_accuracy %.4f%n", best.params().id(), best.params(), best.valLoss(),
                best.valF1(), best.valAccuracy());
        TrialResult first = table.rowsOf(best.params().id()).get(0);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("loss", first.outcome().curves().get("loss"));
        curves.put("val_loss", first.outcome().curves().get("val_loss"));
        curves.put("validation_accuracy", first.outcome().curves().get("val_accuracy"));
        curves.put("validation_f1", first.outcome().curves().get("val_f1"));
        String title = "config " + best.params().id() + " (" + best.params() + "): ";
        LearningCurves.save(curves, dir.resolve("winner"), title);
        String[] digits = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
        double[][] confusion = table.normalizedConfusion(best.params().id());
        NormalizedConfusionPlot.save(confusion, digits, "winner, validation: " + best.params(), dir.resolve("winner").resolve("confusion-matrix.png"));
        out.println("row-normalised validation confusion matrix of the winner (rows: true digit):");
        for (double[] row : confusion) {
            StringBuilder sb = new StringBuilder();
            for (double v : row) sb.append(String.format(Locale.ROOT, " %.2f", v));
            out.println(sb);
        }
        StringBuilder md = new StringBuilder("# tune mnist-grid\n\n");
        md.append(String.format(Locale.ROOT, "%d configurations x %d fold(s) on %s; data %s; seed %d.%n%n", table.summaries().size(), settings.folds(),
                executorName, settings.data() == Data.PNG ? "the MNIST PNG subset (600 train / 200 validation)" : "MNIST (50,000 train / 10,000 validation)", settings.seed()));
        md.append("## Top 10 by ").append(settings.metric()).append("\n\n").append(top).append('\n');
        md.append(String.format(Locale.ROOT, "Wall %.1f s; trainings %.1f s in all (mean %.2f s); data setup %.1f s in all; %d diverged.%n%n", wall, train,
                train / table.rows().size(), setup, diverged));
        md.append(String.format(Locale.ROOT, "## Winner: config %d (%s)%n%nval_loss %.4f, val_f1 %.4f, val_accuracy %.4f.%n%n", best.params().id(), best.params(),
                best.valLoss(), best.valF1(), best.valAccuracy()));
        md.append("![loss](winner/loss.png) ![validation F1](winner/validation_f1.png) ![confusion matrix](winner/confusion-matrix.png)\n\n");
        md.append("Row-normalised validation confusion matrix (rows: true digit):\n\n```\n");
        for (double[] row : confusion) {
            for (double v : row) md.append(String.format(Locale.ROOT, " %.2f", v));
            md.append('\n');
        }
        md.append("```\n");
        Files.writeString(dir.resolve("report.md"), md);
        out.println("written: " + dir.resolve("report.md") + ", " + dir.resolve("results.csv") + ", " + dir.resolve("top10.md") + ", " + dir.resolve("winner") + "/{loss,validation_accuracy,validation_f1,confusion-matrix}.png");
    }
}
