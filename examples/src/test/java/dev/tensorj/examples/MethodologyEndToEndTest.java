package dev.tensorj.examples;

import dev.tensorj.datasets.DataLocator;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.MnistPngExport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The methodology notebook's four exercises end to end on the MNIST PNG subset (exported from the
 * MNIST files into a temporary folder; skipped without them), with CI-sized budgets: shapes of what
 * they record and draw, and that each learns.
 */
@Tag("e2e")
class MethodologyEndToEndTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    static Path temp;
    static Path data;

    /** The exported subset (written once); skips the calling test without the MNIST files. */
    private static synchronized Path data() {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not found; skipping");
        if (data == null) {
            data = temp.resolve("mnist-png");
            MnistPngExport.export(DataLocator.standard(), data, MnistPngExport.DEFAULT_SEED);
        }
        return data;
    }

    @Test
    void metricsExerciseRecordsMacroScoresPerEpochAndLearns() throws Exception {
        Path out = temp.resolve("metrics");
        MethodologyRun.Result r = MetricsExercise.run(data(), 8, MetricsExercise.BATCH, 42, out, QUIET, false);
        for (String m : List.of("loss", "accuracy", "f1", "precision", "recall", "val_loss", "val_accuracy", "val_f1", "val_precision", "val_recall")) {
            assertEquals(8, r.history().get(m).size(), m);
        }
        assertEquals(8 * 10, r.history().steps("loss").size(), "600 images at batch 64: 10 steps per epoch");
        assertEquals(100, r.test().total());
        assertEquals(200, r.validation().total());
        assertTrue(r.last("val_f1") > 0.75, "validation macro-F1 " + r.last("val_f1"));
        assertTrue(r.history().get("loss").get(7) < r.history().get("loss").get(0) / 3, "training loss falls: " + r.history().get("loss"));
        for (String f : List.of("loss.png", "accuracy.png", "f1.png", "confusion-matrix.png", "report.md")) assertTrue(Files.size(out.resolve(f)) > 0, f);
        assertTrue(Files.readString(out.resolve("report.md")).contains("not known"));
    }

    @Test
    void fittingExerciseShowsTheGapAndL2ShrinksIt() throws Exception {
        Path out = temp.resolve("fitting");
        FittingExercise.Result r = FittingExercise.run(data(), 0.15, FittingExercise.BATCH, 42, out, QUIET, false); // 5 / 30 / 15 epochs
        assertEquals(5, r.under().history().epochs());
        assertEquals(30, r.over().history().epochs());
        assertEquals(15, r.l2().history().epochs());
        assertEquals(15, r.mlp().history().epochs());
        assertTrue(r.under().last("val_accuracy") > 0.7, "784->10 validation accuracy " + r.under().last("val_accuracy"));
        assertTrue(r.over().last("accuracy") > 0.95, "the deep net fits the training set: " + r.over().last("accuracy"));
        assertTrue(FittingExercise.gap(r.mlp()) > FittingExercise.gap(r.l2()), "L2 narrows the gap: " + FittingExercise.gap(r.mlp()) + " vs " + FittingExercise.gap(r.l2()));
        assertTrue(r.l2().last("val_accuracy") > 0.75, "784-100-10 with L2 still learns: " + r.l2().last("val_accuracy"));
        assertTrue(Files.size(out.resolve("fitting-loss.png")) > 0);
    }

    @Test
    void batchSizeStudyRecordsEveryStep() throws Exception {
        Path out = temp.resolve("batch-size");
        BatchSizeExercise.Result r = BatchSizeExercise.run(data(), BatchSizeExercise.FULL_EPOCHS, BatchSizeExercise.MINI_EPOCHS, 42, out, QUIET, false);
        assertEquals(15, r.full().history().steps("loss").size(), "one step per full-batch epoch");
        assertEquals(30, r.mini().history().steps("loss").size(), "600 images at batch 256: 3 steps per epoch");
        List<Double> full = r.full().history().steps("loss");
        assertTrue(full.get(14) < full.get(0) / 2, "full-batch loss falls: " + full);
        assertTrue(r.mini().last("val_accuracy") > 0.7, "batch 256 validation accuracy " + r.mini().last("val_accuracy"));
        assertTrue(Files.size(out.resolve("step-loss.png")) > 0);
    }

    @Test
    void notebookCnnLearnsAndDrawsItsKernels() throws Exception {
        Path out = temp.resolve("cnn");
        NotebookCnnExercise.Result r = NotebookCnnExercise.run(data(), 3, NotebookCnnExercise.BATCH, 42, out, QUIET, false);
        assertArrayEquals(new int[] {16, 1, 5, 5}, r.kernels().dims());
        assertArrayEquals(new int[] {16, 1, 28, 28}, r.featureMaps().dims());
        assertTrue(r.featureMaps().min().item() >= 0, "feature maps are taken after the ReLU");
        assertTrue(r.run().last("val_accuracy") > 0.6, "CNN validation accuracy after 3 epochs " + r.run().last("val_accuracy"));
        for (String f : List.of("kernels.png", "feature-maps.png", "digit.png", "confusion-matrix.png", "report.md")) assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
}
