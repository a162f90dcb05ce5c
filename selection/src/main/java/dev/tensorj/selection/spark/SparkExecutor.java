package dev.tensorj.selection.spark;

import dev.tensorj.selection.ArrayData;
import dev.tensorj.selection.DataCache;
import dev.tensorj.selection.DataSource;
import dev.tensorj.selection.Executor;
import dev.tensorj.selection.ProgressListener;
import dev.tensorj.selection.Trial;
import dev.tensorj.selection.TrialData;
import dev.tensorj.selection.TrialResult;
import dev.tensorj.selection.TrialRunner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs trials on Apache Spark, one task per trial (one partition each), so the scheduler spreads them
 * over the executors' cores and retries a task that throws or whose executor dies (up to
 * {@code spark.task.maxFailures}, 4 by default; in local mode the master is rewritten to
 * {@code local[N,4]}, Spark's way of allowing retries there). Each task limits the engine to the cores
 * Spark gave it ({@code spark.task.cpus}, 1 by default) with {@code Backends.setCpuThreads}.
 *
 * <p>Data travels one of two ways ({@link Shipping}): {@link Shipping#PATH} sends only the sources'
 * descriptions and every executor JVM loads the data itself once; {@link Shipping#BROADCAST} loads
 * it on the driver and broadcasts the arrays, which Spark sends once to each executor. docs/selection.md
 * has the measurements.
 *
 * <p>The default master is {@code local[*]}: an embedded Spark in this JVM, nothing to install.
 * {@code spark://HOST:7077} runs the same tasks on a standalone cluster; the jars the executors need
 * (ours, without Spark) go in {@code jars}.
 */
public final class SparkExecutor implements Executor {
    /** How the data reaches the executors. */
    public enum Shipping { PATH, BROADCAST }

    private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)]");

    private final SparkSession spark;
    private final String master;
    private final Shipping shipping;
    private final int maxFailures;
    private volatile TaskTimes lastTimes = new TaskTimes(0, 0, 0, 0, 0);

    /**
     * Starts (or joins) a Spark session.
     *
     * @param master   {@code local[*]}, {@code local[N]} or {@code spark://HOST:PORT}
     * @param shipping how the data reaches the executors
     * @param jars     jars the executors need on a cluster (empty in local mode)
     * @param conf     further Spark settings (e.g. {@code spark.executor.cores})
     */
    public SparkExecutor(String master, Shipping shipping, List<String> jars, Map<String, String> conf) {
        this.maxFailures = Integer.parseInt(conf.getOrDefault("spark.task.maxFailures", "4"));
        Matcher local = LOCAL.matcher(master);
        this.master = local.matches() ? "local[" + local.group(1) + "," + maxFailures + "]" : master;
        this.shipping = shipping;
        SparkSession.Builder builder = SparkSession.builder().master(this.master).appName("tensorj model selection")
                .config("spark.ui.enabled", "false").config("spark.log.level", "WARN")
                .config("spark.task.maxFailures", Integer.toString(maxFailures))
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true");
        if (master.startsWith("local")) builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        if (!jars.isEmpty()) builder.config("spark.jars", String.join(",", jars));
        conf.forEach(builder::config);
        this.spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    private SparkExecutor(SparkSession spark, String master, Shipping shipping, int maxFailures) {
        this.spark = spark;
        this.master = master;
        this.shipping = shipping;
        this.maxFailures = maxFailures;
    }

    /** An executor on the same session that ships the data the other way; closing either stops the session. */
    public SparkExecutor withShipping(Shipping other) {
        return new SparkExecutor(spark, master, other, maxFailures);
    }

    /** An embedded local Spark with {@code master} ({@code local[*]} or {@code local[N]}) and path shipping. */
    public static SparkExecutor local(String master) {
        return new SparkExecutor(master, Shipping.PATH, List.of(), Map.of());
    }

    /** The session, e.g. to turn results into a {@code Dataset<Row>} ({@link SparkResults}). */
    public SparkSession session() {
        return spark;
    }

    @Override
    public String name() {
        return "spark " + master + " (" + shipping.name().toLowerCase(java.util.Locale.ROOT) + ", " + spark.sparkContext().defaultParallelism() + " slots)";
    }

    @Override
    public List<TrialResult> run(List<Trial> trials, TrialRunner runner, ProgressListener progress) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Broadcast<ArrayData>> broadcasts = new ArrayList<>();
        TrialRunner shipped = shipping == Shipping.PATH ? runner
                : new TrialRunner(runner.objective(), new TrialData(broadcast(context, runner.data().train(), broadcasts),
                        runner.data().validation() == null ? null : broadcast(context, runner.data().validation(), broadcasts), runner.data().splitSeed(), runner.data().stratified()));
        int driverThreads = dev.tensorj.tensor.Backends.cpuThreads(); // local-mode tasks run here and lower it
        ProgressBridge bridge = new ProgressBridge(progress, maxFailures);
        spark.sparkContext().addSparkListener(bridge);
        progress.begin(trials.size());
        try {
            context.setJobDescription("tensorj: " + trials.size() + " trials");
            JavaRDD<Trial> tasks = context.parallelize(trials, Math.max(1, trials.size()));
            List<TrialResult> results = tasks.map(new RunTrial(shipped)).collect();
            bridge.awaitSuccesses(trials.size(), 2000);
            lastTimes = bridge.times();
            return new ArrayList<>(results);
        } finally {
            spark.sparkContext().removeSparkListener(bridge);
            dev.tensorj.tensor.Backends.setCpuThreads(driverThreads);
            progress.end();
            for (Broadcast<ArrayData> b : broadcasts) b.destroy();
        }
    }

    private static DataSource broadcast(JavaSparkContext context, DataSource source, List<Broadcast<ArrayData>> broadcasts) {
        Broadcast<ArrayData> value = context.broadcast(ArrayData.of(source.key(), DataCache.get(source)));
        broadcasts.add(value);
        return new BroadcastSource(value);
    }

    /** Spark's own timing of the tasks of the last {@link #run}, to set against the trials' training times. */
    public TaskTimes lastTaskTimes() {
        return lastTimes;
    }

    /** The number of task slots (cores) the cluster offers now. */
    public int slots() {
        return spark.sparkContext().defaultParallelism();
    }

    /** Stops the Spark session. */
    @Override
    public void close() {
        spark.stop();
    }
}
