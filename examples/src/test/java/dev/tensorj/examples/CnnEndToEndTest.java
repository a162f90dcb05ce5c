package dev.tensorj.examples;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The course's CNNs: layer shapes as its tables give them, C1 trained in a CI-sized budget (5 epochs
 * at batch 64 with the course's recipe, 10 % of the training images held out to choose the best epoch), and C1's documented full run, which reaches 90 %:
 * {@code ./tensorj train c1 --batch-size 64 --recipe augmented --epochs 30} (about 3 minutes on two cores).
 */
@Tag("e2e")
class CnnEndToEndTest {

    @Test
    void c1AndC2HaveTheCourseShapesAndParameterCounts() {
        Layer c1 = CnnExercise.c1(new Generator(0));
        String summary = c1.summary(1, 28, 28);
        for (String shape : new String[] {"(None, 6, 26, 26)", "(None, 6, 13, 13)", "(None, 10, 11, 11)", "(None, 10, 5, 5)", "(None, 250)", "(None, 128)", "(None, 10)"}) {
            assertTrue(summary.contains(shape), shape + " missing from\n" + summary);
        }
        // conv 1->6: 60, conv 6->10: 550, BN 20, FC 250->128: 32,128, FC 128->10: 1,290
        assertEquals(60 + 550 + 20 + 32_128 + 1_290, c1.parameterCount());
        Layer c2 = CnnExercise.c2(new Generator(0));
        Variable out = c2.eval().forward(Tensor.zeros(2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 10}, out.data().dims());
        assertTrue(c2.summary(1, 28, 28).contains("(None, 25088)"));
    }

    @Test
    void c1ReachesEightyEightPercentInFiveEpochs() throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        CnnExercise.Result r = CnnExercise.run(CnnExercise.Model.C1, 5, 64, 42, 0, null, new PrintStream(PrintStream.nullOutputStream()), false);
        System.out.printf("C1: test accuracy %.4f (best epoch %d on validation), %.1f s per epoch%n", r.testAccuracy(), r.bestEpoch(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.88, "test accuracy " + r.testAccuracy() + " < 0.88");
        assertEquals(5, r.history().get("val_accuracy").size(), "a validation point per epoch, on the 6,000 held-out training images");
        assertEquals(MlpEndToEndTest.firstBest(r.history().get("val_accuracy")), r.bestEpoch(), "the best epoch is the highest validation accuracy");
    }

    /** C1's report.md says which epoch the validation split chose; with --validation-split 0 it trains on all and tests the last epoch. */
    @Test
    void c1ReportsTheBestEpochOnValidation(@TempDir java.nio.file.Path dir) throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        CnnExercise.Result r = CnnExercise.run(CnnExercise.Model.C1, CnnExercise.Recipe.COURSE, 2, 64, 0.2, null, 42, 2000, dir, quiet, false);
        String report = java.nio.file.Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| best epoch (highest validation accuracy) | " + r.bestEpoch() + " of 2 |")
                && report.contains("20 % of the training set (400 samples"), report);
        CnnExercise.Result all = CnnExercise.run(CnnExercise.Model.C1, CnnExercise.Recipe.COURSE, 1, 64, 0, null, 42, 2000, dir, quiet, false);
        assertTrue(all.history().get("val_accuracy").isEmpty());
        assertTrue(java.nio.file.Files.readString(dir.resolve("report.md")).contains("No validation split"));
    }

    /**
     * The course's recipe ends at 89.4–89.6 % (seed 42): C1 overfits. Random 1-pixel shifts and flips with a
     * cosine-annealed lr reach 90.70 % in 30 epochs at seed 42 on all 60,000 images (90.81 % and 90.64 % at seeds 42
     * and 7 with the earlier im2col convolution kernel); 20 epochs gave 90.06–90.33 %, too close to the line. The run
     * below holds out the default 10 % for validation and tests the best epoch's weights: 90.42 % (2026-12-06).
     */
    @Test
    void c1ReachesNinetyPercentAfterTheDocumentedFullRun() throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        CnnExercise.Result r = CnnExercise.run(CnnExercise.Model.C1, CnnExercise.Recipe.AUGMENTED, 30, 64, 42, 0, null,
                new PrintStream(PrintStream.nullOutputStream()), false);
        System.out.printf("C1, augmented recipe, 30 epochs: test accuracy %.4f (best epoch %d on validation), %.1f s per epoch%n", r.testAccuracy(),
                r.bestEpoch(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.90, "test accuracy " + r.testAccuracy() + " < 0.90 after the full run");
    }
}
