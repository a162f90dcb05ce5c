package dev.tensorj.examples;

import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.Mnist;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The course's dense exercises trained for real, with its budgets (skipped when the data is absent):
 * MNIST 784-512-10 with RMSprop, 5 epochs at batch 128 (course: 97.7 %), and Fashion-MNIST 784-128-10
 * with Adam, 10 epochs (course: about 88 %).
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
    }

    @Test
    void fashionMlpReachesTheCourseAccuracy() throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        MlpExercise.Result r = MlpExercise.run(MlpExercise.Dataset.FASHION, 10, 128, 42, 0, null, QUIET, false);
        System.out.printf("Fashion MLP: test accuracy %.4f, %.1f s per epoch%n", r.testAccuracy(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.87, "test accuracy " + r.testAccuracy() + " < 0.87");
    }
}
