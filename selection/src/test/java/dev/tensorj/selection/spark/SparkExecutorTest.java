package dev.tensorj.selection.spark;

import dev.tensorj.selection.DataSource;
import dev.tensorj.selection.GridSearch;
import dev.tensorj.selection.InMemorySource;
import dev.tensorj.selection.InProcessExecutor;
import dev.tensorj.selection.MlpObjective;
import dev.tensorj.selection.ParamGrid;
import dev.tensorj.selection.ProgressLine;
import dev.tensorj.selection.ProgressListener;
import dev.tensorj.selection.ResultTable;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark path on an embedded {@code local[2]} (two task slots in this JVM), on tiny data: results
 * equal the in-process executor's, a throwing task is retried, a diverging one is a row, results become
 * a typed {@code Dataset<Row>} written as CSV and Parquet. One session serves the whole class.
 */
class SparkExecutorTest {
    private static SparkExecutor spark;

    @BeforeAll
    static void start() {
        spark = SparkExecutor.local("local[2]");
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.close();
    }

    private static TensorDataset blobs(int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 6];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int d = 0; d < 6; d++) x[i * 6 + d] = (float) (g.nextGaussian() + (d % 3 == y[i] ? 2.0 : 0.0));
        }
        return new TensorDataset(Tensor.fromArray(x, n, 6), Tensor.fromArray(y, n), List.of("a", "b", "c"));
    }

    private static final DataSource TRAIN = InMemorySource.of("spark-blobs-train", blobs(60, 1));
    private static final DataSource VALID = InMemorySource.of("spark-blobs-valid", blobs(30, 2));

    private static ParamGrid grid() {
        return ParamGrid.builder().ints("batch", 16).doubles("lr", 0.01, 0.05).doubles("wd", 0.001).ints("hidden", 8).ints("epochs", 4).build();
    }

    @Test
    void sparkAndInProcessGiveEqualTablesForTheSameSeed() {
        GridSearch search = GridSearch.of(new MlpObjective(3), grid()).folds(2).seed(7);
        ResultTable inProcess = search.run(TRAIN, null, new InProcessExecutor(), ProgressListener.NONE);
        var log = new java.io.ByteArrayOutputStream();
        ResultTable onSpark = search.run(TRAIN, null, spark, new ProgressLine(new java.io.PrintStream(log), true));
        assertEquals(4, onSpark.rows().size());
        assertEquals(inProcess.deterministicRows(), onSpark.deterministicRows());
        assertTrue(log.toString().contains("4/4 done, 0 running, 0 failed"), log.toString());
        assertEquals(4, spark.lastTaskTimes().tasks());
        assertTrue(spark.lastTaskTimes().duration() >= spark.lastTaskTimes().executorRun(), spark.lastTaskTimes().toString());
        assertTrue(onSpark.rows().stream().allMatch(r -> r.worker().startsWith("executor driver")), onSpark.rows().get(0).worker());
    }

    @Test
    void broadcastShippingGivesTheSameTable() {
        GridSearch search = GridSearch.of(new MlpObjective(3), grid()).seed(7);
        ResultTable path = search.run(TRAIN, VALID, spark, ProgressListener.NONE);
        ResultTable shipped = search.run(TRAIN, VALID, spark.withShipping(SparkExecutor.Shipping.BROADCAST), ProgressListener.NONE);
        assertEquals(path.deterministicRows(), shipped.deterministicRows());
    }

    @Test
    void aThrowingTaskIsRetriedAndEachConfigurationAppearsOnce() {
        var log = new java.io.ByteArrayOutputStream();
        ResultTable table = GridSearch.of(new FlakyObjective(1), grid()).seed(7).run(TRAIN, VALID, spark, new ProgressLine(new java.io.PrintStream(log), true));
        assertEquals(List.of(0, 1), table.rows().stream().map(r -> r.trial().params().id()).toList());
        assertEquals(0, table.rowsOf(0).get(0).attempt());
        assertEquals(1, table.rowsOf(1).get(0).attempt());
        assertTrue(log.toString().contains("injected failure of config 1"), log.toString());
        ResultTable clean = GridSearch.of(new MlpObjective(3), grid()).seed(7).run(TRAIN, VALID, new InProcessExecutor(), ProgressListener.NONE);
        assertEquals(clean.deterministicRows(), table.deterministicRows());
    }

    @Test
    void aDivergingConfigurationIsARowAndResultsBecomeTypedFiles(@TempDir Path dir) throws Exception {
        ParamGrid grid = ParamGrid.builder().ints("batch", 16).doubles("lr", 0.01, 1e30).doubles("wd", 0.0).ints("hidden", 8).ints("epochs", 3).build();
        ResultTable table = GridSearch.of(new MlpObjective(3), grid).run(TRAIN, VALID, spark, ProgressListener.NONE);
        assertEquals(List.of(false, true), table.rows().stream().map(r -> r.outcome().diverged()).toList());

        Dataset<Row> rows = SparkResults.toDataFrame(spark.session(), table);
        assertEquals("int", rows.schema().apply("batch").dataType().simpleString());
        assertEquals("double", rows.schema().apply("lr").dataType().simpleString());
        assertEquals(1, rows.filter("status = 'diverged'").count());
        SparkResults.write(rows, dir);
        try (var csv = Files.list(dir.resolve("results-csv"))) {
            Path part = csv.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
            assertEquals(3, Files.readAllLines(part).size());
        }
        assertEquals(2, spark.session().read().parquet(dir.resolve("results.parquet").toString()).count());
    }
}
