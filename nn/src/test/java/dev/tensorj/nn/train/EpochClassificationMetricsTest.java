package dev.tensorj.nn.train;

import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EpochClassificationMetricsTest {

    /** Three well separated 2-D blobs, in two batches of 30. */
    private static List<Batch> blobs(long seed) {
        Generator g = new Generator(seed);
        Tensor centres = Tensor.of(new float[] {0, 4}, new float[] {4, 0}, new float[] {-4, -4});
        Batch[] batches = new Batch[2];
        for (int b = 0; b < 2; b++) {
            Tensor labels = Tensor.randint(0, 3, g, 30);
            batches[b] = new Batch(labels.oneHot(3).matmul(centres).add(Tensor.randn(g, 30, 2).mul(0.5)), labels);
        }
        return List.of(batches);
    }

    @Test
    void recordsExactMacroScoresPerEpochAndEveryStep() {
        Layer model = new Sequential(new Linear(2, 3, true, new Generator(3)));
        Trainer trainer = new Trainer(model, new Adam(model.trainableParameters(), 0.05), Losses.crossEntropy(), Metric.accuracy());
        List<Batch> train = blobs(1), valid = blobs(2);
        EpochClassificationMetrics scores = new EpochClassificationMetrics(train, valid, 3);
        History history = trainer.fit(train, 6, valid, scores);

        for (String name : List.of("precision", "recall", "f1", "val_precision", "val_recall", "val_f1")) {
            assertEquals(6, history.get(name).size(), name + " per epoch");
        }
        assertEquals(6, history.epochs());
        assertEquals(12, history.steps("loss").size(), "two steps per epoch for six epochs");
        assertEquals(12, history.steps("accuracy").size());
        assertTrue(history.last("val_f1") > 0.9, "separable blobs: validation F1 " + history.last("val_f1"));
        assertTrue(history.steps("loss").get(11) < history.steps("loss").get(0), "loss falls over the steps");

        // The last validation scores equal those of the confusion matrix of the final model's predictions.
        ConfusionMatrix expected = EpochClassificationMetrics.confusion(trainer, valid, 3);
        assertEquals(expected.macroF1(), history.last("val_f1"), 1e-12);
        assertEquals(expected.macroPrecision(), history.last("val_precision"), 1e-12);
        assertEquals(expected.macroRecall(), history.last("val_recall"), 1e-12);
        assertArrayEquals(expected.counts()[0], scores.lastValidation().counts()[0]);
    }

    @Test
    void macroF1OfAKnownConfusion() {
        // true 0,0,1,1 predicted 0,1,1,1: class 0 P=1 R=.5 F1=2/3; class 1 P=2/3 R=1 F1=.8
        ConfusionMatrix m = ConfusionMatrix.of(Tensor.fromArray(new long[] {0, 0, 1, 1}, 4), Tensor.fromArray(new long[] {0, 1, 1, 1}, 4), 2);
        assertEquals((2.0 / 3 + 0.8) / 2, m.macroF1(), 1e-12);
    }

    @Test
    void rejectsAModelOfTheWrongWidth() {
        Layer model = new Sequential(new Linear(2, 4, true, new Generator(3)));
        Trainer trainer = new Trainer(model, new Adam(model.trainableParameters(), 0.05), Losses.crossEntropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpochClassificationMetrics.confusion(trainer, blobs(1), 3));
        assertTrue(e.getMessage().contains("[N, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpochClassificationMetrics(null, null, 1));
        assertEquals(DType.INT64, blobs(1).get(0).targets().dtype());
    }
}
