package dev.tensorj.nn.metrics;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Metrics against examples computed by hand. */
class MetricsTest {

    // true:      0 0 0 1 1 2 2 2 2 2
    // predicted: 0 0 1 1 2 2 2 2 0 1
    private static final Tensor TRUE = Tensor.ofLongs(0, 0, 0, 1, 1, 2, 2, 2, 2, 2);
    private static final Tensor PREDICTED = Tensor.ofLongs(0, 0, 1, 1, 2, 2, 2, 2, 0, 1);

    @Test
    void confusionMatrixCounts() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUE, PREDICTED, 3);
        assertArrayEquals(new long[] {2, 1, 0}, cm.counts()[0]);
        assertArrayEquals(new long[] {0, 1, 1}, cm.counts()[1]);
        assertArrayEquals(new long[] {1, 1, 3}, cm.counts()[2]);
        assertEquals(10, cm.total());
        assertEquals(0.6, cm.accuracy(), 1e-12);
    }

    @Test
    void precisionRecallF1PerClassAndAveraged() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUE, PREDICTED, 3);
        // class 0: predicted 3 times, 2 right; 3 samples, 2 found
        assertEquals(2.0 / 3, cm.precision(0), 1e-12);
        assertEquals(2.0 / 3, cm.recall(0), 1e-12);
        // class 1: predicted 3 times, 1 right; 2 samples, 1 found
        assertEquals(1.0 / 3, cm.precision(1), 1e-12);
        assertEquals(0.5, cm.recall(1), 1e-12);
        assertEquals(2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5), cm.f1(1), 1e-12);
        // class 2: predicted 4 times, 3 right; 5 samples, 3 found
        assertEquals(0.75, cm.precision(2), 1e-12);
        assertEquals(0.6, cm.recall(2), 1e-12);
        assertEquals((2.0 / 3 + 1.0 / 3 + 0.75) / 3, cm.macroPrecision(), 1e-12);
        assertEquals((2.0 / 3 + 0.5 + 0.6) / 3, cm.macroRecall(), 1e-12);
        assertEquals(cm.accuracy(), cm.microF1(), 1e-12);
        assertTrue(cm.report(new String[] {"a", "b", "c"}).contains("macro avg"));
    }

    @Test
    void classNeverPredictedHasZeroPrecision() {
        ConfusionMatrix cm = ConfusionMatrix.of(Tensor.ofLongs(0, 1), Tensor.ofLongs(0, 0), 2);
        assertEquals(0, cm.precision(1));
        assertEquals(0, cm.f1(1));
    }

    @Test
    void accuracyFromScores() {
        Tensor scores = Tensor.of(new float[] {0.1f, 0.9f}, new float[] {0.8f, 0.2f}, new float[] {0.3f, 0.7f}, new float[] {0.6f, 0.4f});
        assertEquals(0.75, Metrics.accuracy(scores, Tensor.ofLongs(1, 0, 1, 1)), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(scores, Tensor.ofLongs(1, 0)));
    }

    @Test
    void binaryAccuracyAndRegressionErrors() {
        assertEquals(0.75, Metrics.binaryAccuracy(Tensor.of(0.9f, 0.2f, 0.6f, 0.4f), Tensor.of(1, 0, 0, 0), 0.5), 1e-7);
        assertEquals((1 + 4 + 0) / 3.0, Metrics.mse(Tensor.of(1, 2, 3), Tensor.of(0, 4, 3)), 1e-6);
        assertEquals((1 + 2 + 0) / 3.0, Metrics.mae(Tensor.of(1, 2, 3), Tensor.of(0, 4, 3)), 1e-6);
    }
}
