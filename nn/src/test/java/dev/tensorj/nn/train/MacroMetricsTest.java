package dev.tensorj.nn.train;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MacroMetricsTest {
    // true 0,0,1,1,2 predicted 0,1,1,1,1: class 0 P=1 R=.5; class 1 P=2/4 R=1; class 2 P=0 (no predictions) R=0
    private static final Tensor LABELS = Tensor.fromArray(new long[] {0, 0, 1, 1, 2}, 5);
    private static final Tensor SCORES = Tensor.of(new float[] {5, 0, 0}, new float[] {0, 5, 0}, new float[] {0, 5, 0}, new float[] {0, 5, 0}, new float[] {0, 5, 0});

    @Test
    void macroScoresOfAKnownBatch() {
        assertEquals((1 + 0.5 + 0) / 3, MacroMetrics.precision(3).compute(SCORES, LABELS), 1e-12);
        assertEquals((0.5 + 1 + 0) / 3, MacroMetrics.recall(3).compute(SCORES, LABELS), 1e-12);
        assertEquals((2 * 0.5 / 1.5 + 2 * 0.5 / 1.5 + 0) / 3, MacroMetrics.f1(3).compute(SCORES, LABELS), 1e-12);
        assertEquals("f1", MacroMetrics.f1(3).name());
    }

    @Test
    void namesTheShapesItExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroMetrics.f1(4).compute(SCORES, LABELS));
        assertTrue(e.getMessage().contains("[N, 4]") && e.getMessage().contains("[5, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MacroMetrics.recall(1));
    }
}
