package dev.tensorj.examples;

import dev.tensorj.datasets.Mnist;
import dev.tensorj.selection.InProcessExecutor;
import dev.tensorj.selection.ProgressListener;
import dev.tensorj.selection.ResultTable;
import dev.tensorj.selection.spark.SparkExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tune mnist-grid} end to end on the real MNIST PNG subset, CI-sized: two configurations of 3
 * epochs, in-process and on an embedded Spark local[2], which must agree row for row. Skips without MNIST.
 */
class TuneEndToEndTest {
    @Test
    void twoConfigurationsGiveTheSameTableInProcessAndOnSpark(@TempDir Path dir) throws Exception {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not found; skipping");
        String grid = "batch=256;lr=0.01;wd=0.001;hidden=50,100;epochs=3";
        var inProcessSettings = new MnistGridSearch.Settings(MnistGridSearch.Data.PNG, dir.resolve("png"), grid, 1, true, 0, 0, 42, "val_f1", dir.resolve("in-process"));
        var sparkSettings = new MnistGridSearch.Settings(MnistGridSearch.Data.PNG, dir.resolve("png"), grid, 1, true, 0, 0, 42, "val_f1", dir.resolve("spark"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true);
        ResultTable inProcess = MnistGridSearch.run(inProcessSettings, new InProcessExecutor(), ProgressListener.NONE, out);
        ResultTable onSpark;
        try (SparkExecutor spark = SparkExecutor.local("local[2]")) {
            onSpark = MnistGridSearch.run(sparkSettings, spark, ProgressListener.NONE, out);
        }
        assertEquals(2, onSpark.rows().size());
        assertEquals(inProcess.deterministicRows(), onSpark.deterministicRows());
        assertTrue(onSpark.best("val_f1").valAccuracy() > 0.5, "3 epochs on 600 digits should reach 50 %: " + onSpark.best("val_f1"));
        for (String file : new String[] {"results.csv", "top10.md", "report.md", "winner/loss.png", "winner/validation_f1.png", "winner/confusion-matrix.png"}) {
            assertTrue(Files.size(dir.resolve("spark").resolve(file)) > 0, file);
        }
        assertEquals(600, Files.walk(dir.resolve("png/train")).filter(p -> p.toString().endsWith(".png")).count());
        assertTrue(log.toString().contains("winner: config"), log.toString());
    }
}
