package dev.tensorj.examples;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The course's CNNs: layer shapes as its tables give them, C1 trained in a CI-sized budget (5 epochs
 * at batch 64 with the course's recipe), and C1's documented full run, which reaches 90 %:
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
        System.out.printf("C1: test accuracy %.4f, %.1f s per epoch%n", r.testAccuracy(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.88, "test accuracy " + r.testAccuracy() + " < 0.88");
    }

    /**
     * The course's recipe ends at 89.4–89.6 % (seed 42): C1 overfits. Random 1-pixel shifts and flips with a
     * cosine-annealed lr reach 90.70 % in 30 epochs at seed 42, the run below (90.81 % and 90.64 % at seeds 42
     * and 7 with the earlier im2col convolution kernel);
     * 20 epochs gave 90.06–90.33 %, too close to the line.
     */
    @Test
    void c1ReachesNinetyPercentAfterTheDocumentedFullRun() throws Exception {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        CnnExercise.Result r = CnnExercise.run(CnnExercise.Model.C1, CnnExercise.Recipe.AUGMENTED, 30, 64, 42, 0, null,
                new PrintStream(PrintStream.nullOutputStream()), false);
        System.out.printf("C1, augmented recipe, 30 epochs: test accuracy %.4f, %.1f s per epoch%n", r.testAccuracy(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.90, "test accuracy " + r.testAccuracy() + " < 0.90 after the full run");
    }
}
