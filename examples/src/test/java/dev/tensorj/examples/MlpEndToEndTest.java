package dev.tensorj.examples;

import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.Mnist;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The course's dense exercises trained for real, with its budgets (skipped when the data is absent):
 * MNIST 784-512-10 with RMSprop, 5 epochs at batch 128 (course: 97.7 %), and Fashion-MNIST 784-128-10
 * with Adam, 10 epochs (course: about 88 %), 10 % of its training images held out to choose the best epoch.
 */
@Tag("e2e")
class MlpEndToEndTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void mnistMlpReachesTheCourseAccuracy() throws Exception {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not found; skipping");
        MlpExercise.Result r = MlpExercise.run(MlpExercise.Dataset.MNIST, 5, 128, 42, 0, null, QUIET, false);
        System.out.printf("MNIST MLP: test accuracy %.4f, %.1f s per epoch%n", r.testAccuracy(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.975, "test accuracy " + r.testAccuracy() + " < 0.975");
        assertTrue(r.history().get("val_accuracy").isEmpty(), "the notebook trains on all 60,000: no validation, and the test set is no per-epoch curve");
        assertEquals(5, r.bestEpoch());
    }

    @Test
    void fashionMlpReachesTheCourseAccuracy() throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        MlpExercise.Result r = MlpExercise.run(MlpExercise.Dataset.FASHION, 10, 128, 42, 0, null, QUIET, false);
        System.out.printf("Fashion MLP: test accuracy %.4f (best epoch %d on validation), %.1f s per epoch%n", r.testAccuracy(), r.bestEpoch(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.87, "test accuracy " + r.testAccuracy() + " < 0.87");
        assertEquals(10, r.history().get("val_accuracy").size(), "a validation point per epoch");
        assertEquals(firstBest(r.history().get("val_accuracy")), r.bestEpoch(), "the best epoch is the highest validation accuracy");
    }

    /**
     * Validation, not test, chooses: 10 % of 3,000 training images held out, early stopping after one epoch without a
     * better validation accuracy, the test set evaluated once with the best epoch's weights, and report.md says so.
     */
    @Test
    void fashionMlpStopsOnValidationAndReportsTheBestEpoch(@TempDir Path dir) throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        MlpExercise.Result r = MlpExercise.run(MlpExercise.Dataset.FASHION, 30, 128, 0.1, 1, 42, 3000, dir, QUIET, false);
        List<Double> val = r.history().get("val_accuracy");
        assertTrue(val.size() < 30, "stopped early: " + val);
        assertEquals(val.size() - 1, r.bestEpoch(), "patience 1: the run stops one epoch after its best " + val);
        assertEquals(firstBest(val), r.bestEpoch());
        assertEquals(r.confusion().accuracy(), r.testAccuracy(), 1e-6, "the test figures come from one set of weights");
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| best epoch (highest validation accuracy) | %d of %d |", r.bestEpoch(), val.size()))
                && report.contains("(300 samples, chosen at random with the seed) was held out for validation")
                && report.contains(String.format(java.util.Locale.ROOT, "| validation accuracy at the best epoch | %.2f %% |", 100 * val.get(r.bestEpoch() - 1))), report);
    }

    /** The 1-based epoch of the first highest value. */
    static int firstBest(List<Double> values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) if (values.get(i) > values.get(best)) best = i;
        return best + 1;
    }
}
