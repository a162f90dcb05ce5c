package dev.tensorj.examples;

import dev.tensorj.selection.Executor;
import dev.tensorj.selection.InProcessExecutor;
import dev.tensorj.selection.ProgressLine;
import dev.tensorj.selection.ResultTable;
import dev.tensorj.tensorboard.SummaryWriter;
import dev.tensorj.selection.spark.SparkExecutor;
import dev.tensorj.selection.spark.SparkResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tensorj tune mnist-grid}: the methodology notebook's grid search, on an embedded Spark by default. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Model selection: grid or random search with k-fold cross-validation, in-process or on Apache Spark (embedded local[*] by default).")
public final class TuneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SEARCH", description = "mnist-grid: the course's 243 configurations of the MLP 784-hidden-ReLU-10 (Adam, cross-entropy).")
    String search;

    @Option(names = "--data", defaultValue = "png", description = "png (default): the notebook's MNIST PNG subset, 600 training / 200 validation images; "
            + "mnist: all of MNIST's training images (50,000 train / 10,000 validation, or k-fold over the 50,000).")
    MnistGridSearch.Data data;

    @Option(names = "--png-dir", description = "Folder of the PNG subset (default $TENSORJ_DATA/mnist-png or ~/.tensorj/datasets/mnist-png, written from the MNIST files when missing).")
    Path pngDir;

    @Option(names = "--grid", description = "Replace axes of the course grid, e.g. \"epochs=5,10;hidden=50\" (parameters batch, lr, wd, hidden, epochs).")
    String grid;

    @Option(names = "--folds", defaultValue = "1", description = "k-fold cross-validation over the training set with K >= 2; 1 (default) validates on the validation set.")
    int folds;

    @Option(names = "--plain-folds", description = "k-fold without stratification (default: every fold keeps the class proportions).")
    boolean plainFolds;

    @Option(names = "--sample", defaultValue = "0", description = "Random search: N configurations drawn from the grid (default: all).")
    int sample;

    @Option(names = "--limit", defaultValue = "0", description = "Only the first N configurations (default: all).")
    int limit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every training, the folds and the sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--metric", defaultValue = "val_f1", description = "What picks the winner: val_f1 (default), val_accuracy or val_loss.")
    String metric;

    @Option(names = "--executor", defaultValue = "spark", description = "spark (default) or in-process.")
    String executor;

    @Option(names = "--master", description = "Spark master: local[*] (default, embedded; under spark-submit, its --master), local[N], or spark://HOST:7077.")
    String master;

    @Option(names = "--shipping", defaultValue = "path", description = "How the data reaches Spark executors: path (each reads the files once) or broadcast.")
    String shipping;

    @Option(names = "--task-cpus", defaultValue = "1", description = "Cores per Spark task, and engine threads per training (default ${DEFAULT-VALUE}).")
    int taskCpus;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, e.g. spark.executor.memory=2g (repeatable).")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    @Option(names = "--tensorboard", paramLabel = "DIR", description = "Also write the search to TensorBoard: a run per configuration (and fold) with its curves, and the HParams table (tensorboard --logdir DIR).")
    Path tensorboard;

    @Option(names = "--out", description = "Folder for the results (default out/tune-SEARCH).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!search.equals("mnist-grid")) {
            System.err.println("tensorj tune: unknown search '" + search + "'; choose mnist-grid");
            return 2;
        }
        try { // a bad option is an error before anything runs (or Spark starts)
            dev.tensorj.selection.ConfigSummary.Metric.of(metric);
            dev.tensorj.selection.GridSearch.of(new dev.tensorj.selection.MlpObjective(10), MnistGridSearch.grid(grid)).folds(folds).sample(sample).limit(limit);
            if (taskCpus < 1) throw new IllegalArgumentException("--task-cpus must be at least 1, got " + taskCpus);
            if (!shipping.equals("path") && !shipping.equals("broadcast")) throw new IllegalArgumentException("--shipping is path or broadcast, got '" + shipping + "'");
            if (!executor.equals("spark") && !executor.equals("in-process")) throw new IllegalArgumentException("unknown executor '" + executor + "'; choose spark or in-process");
            pngDir = CallerPaths.resolve(pngDir);
            if (tensorboard != null) tensorboard = OutputFolder.check(tensorboard, "--tensorboard");
            OutputFolder.check(out != null ? out : Path.of("out", "tune-" + search), "--out");
        } catch (IllegalArgumentException e) {
            System.err.println("tensorj tune: " + e.getMessage());
            return 2;
        }
        OutputFolder folder = OutputFolder.open(out != null ? out : Path.of("out", "tune-" + search), "--out"); // checked, created, the last run's files and interrupted saves' temp files removed
        try {
            return search(folder.path());
        } finally {
            folder.recordOutputs(); // so that the next search in this folder starts from a clean one
        }
    }

    /** The search itself, writing into {@code outputDir}: 0 when it ran, 2 for an unknown executor. */
    private int search(Path outputDir) throws Exception {
        var settings = new MnistGridSearch.Settings(data, pngDir, grid, folds, !plainFolds, sample, limit, seed, metric, outputDir);
        ProgressLine progress = new ProgressLine(System.err, System.console() == null);
        switch (executor) {
            case "in-process" -> {
                try (Executor inProcess = new InProcessExecutor(4)) {
                    writeTensorBoard(MnistGridSearch.run(settings, inProcess, progress, System.out));
                }
            }
            case "spark" -> {
                Map<String, String> conf = new LinkedHashMap<>();
                conf.put("spark.task.cpus", Integer.toString(taskCpus));
                String data = System.getenv("TENSORJ_DATA");
                if (data != null) conf.put("spark.executorEnv.TENSORJ_DATA", data);
                conf.putAll(sparkConf);
                if (master == null) master = System.getProperty("spark.master", "local[*]"); // spark-submit passes its --master so
                List<String> jars = master.startsWith("local") ? List.of() : ourJars();
                try (SparkExecutor spark = new SparkExecutor(master, SparkExecutor.Shipping.valueOf(shipping.toUpperCase(java.util.Locale.ROOT)), jars, conf)) {
                    ResultTable table = MnistGridSearch.run(settings, spark, progress, System.out);
                    writeTensorBoard(table);
                    double trialSeconds = table.rows().stream().mapToDouble(r -> r.trainSeconds() + r.setupSeconds()).sum();
                    var times = spark.lastTaskTimes();
                    String sparkLine = String.format(java.util.Locale.ROOT, "Spark: %s; %d slots; overhead per task %.3f s (launch-to-result minus the trial's own %.3f s mean)",
                            times, spark.slots(), times.overheadPerTask(trialSeconds), trialSeconds / Math.max(1, times.tasks()));
                    System.out.println(sparkLine);
                    java.nio.file.Files.writeString(outputDir.resolve("report.md"), "\n" + sparkLine + ".\n", java.nio.file.StandardOpenOption.APPEND);
                    SparkResults.write(SparkResults.toDataFrame(spark.session(), table), outputDir.resolve("spark"));
                    System.out.println("Spark wrote the table as CSV and Parquet under " + outputDir.resolve("spark"));
                }
            }
            default -> {
                System.err.println("tensorj tune: unknown executor '" + executor + "'; choose spark or in-process");
                return 2;
            }
        }
        return 0;
    }

    /** The jars a cluster's executors need beside Spark's own: ours and the few libraries nn loads. */
    static List<String> ourJars() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && (name.startsWith("tensorj-") || name.startsWith("xchart") || name.startsWith("progressbar") || name.startsWith("jline"))) {
                jars.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return jars;
    }

    private void writeTensorBoard(ResultTable table) {
        if (tensorboard == null) return;
        Path root = tensorboard.toAbsolutePath().resolve(SummaryWriter.runName("tune"));
        int runs = GridSearchRuns.write(table, root);
        System.out.println("tensorboard: " + runs + " runs and the HParams table in " + root + " (tensorboard --logdir " + tensorboard + ")");
    }
}
