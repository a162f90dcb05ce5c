package dev.tensorj.nn.train;

import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrainerTest {

    /** Two Gaussian blobs per class in 2-D, 3 classes: a small problem an MLP solves. */
    private static List<Batch> blobs(long seed, int batches) {
        Generator g = new Generator(seed);
        List<Batch> out = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            Tensor labels = Tensor.randint(0, 3, g, 32);
            Tensor centres = labels.oneHot(3).matmul(Tensor.of(new float[] {0, 3}, new float[] {3, 0}, new float[] {-3, -3}));
            out.add(new Batch(centres.add(Tensor.randn(g, 32, 2).mul(0.7)), labels));
        }
        return out;
    }

    private static Sequential mlp() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(2, 16, true, g), Activation.relu(), new Linear(16, 3, true, g));
    }

    @Test
    void fitLearnsAndRecordsHistory() {
        Sequential model = mlp();
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
        History h = trainer.fit(blobs(1, 20), 10, blobs(2, 5));
        assertEquals(10, h.epochs());
        assertTrue(h.get("loss").get(9) < h.get("loss").get(0));
        assertTrue(h.last("val_accuracy") > 0.95, "validation accuracy " + h.last("val_accuracy"));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), List.copyOf(h.asMap().keySet()));
    }

    @Test
    void sameSeedGivesBitIdenticalTraining() {
        double[] finalLoss = new double[2];
        for (int run = 0; run < 2; run++) {
            Sequential model = mlp();
            Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy()).verbose(false);
            finalLoss[run] = trainer.fit(blobs(1, 10), 3, null).last("loss");
        }
        assertEquals(finalLoss[0], finalLoss[1], 0.0);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        Sequential model = mlp();
        // lr 0: the validation loss never improves after the first epoch
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.0), Losses.crossEntropy()).verbose(false);
        EarlyStopping stop = EarlyStopping.monitoring("val_loss").patience(2).restoringBestWeights();
        History h = trainer.fit(blobs(1, 2), 50, blobs(2, 2), stop);
        assertEquals(3, h.epochs(), "best at epoch 0, then 2 epochs without improvement");
        assertEquals(2, stop.stoppedEpoch());
        assertEquals(0, stop.bestEpoch());
    }

    @Test
    void callbackSettingsAreCheckedWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.monitoring("val_loss").patience(-1));
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.monitoring(" "));
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.to(""));
    }

    @Test
    void modelCheckpointBestOnlySavesOnlyImprovements(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Sequential model = mlp();
        // lr 0: the validation loss is the same every epoch, so only the first epoch improves it
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.0), Losses.crossEntropy()).verbose(false);
        trainer.fit(blobs(1, 2), 3, blobs(2, 2), ModelCheckpoint.to(dir.resolve("epoch-{epoch}.safetensors").toString()).monitoring("val_loss").bestOnly());
        assertTrue(java.nio.file.Files.exists(dir.resolve("epoch-1.safetensors")));
        assertFalse(java.nio.file.Files.exists(dir.resolve("epoch-2.safetensors")) || java.nio.file.Files.exists(dir.resolve("epoch-3.safetensors")));
    }

    @Test
    void nanLossStopsWithAClearMessage() {
        Sequential model = mlp();
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 1e30), Losses.mse()).verbose(false);
        List<Batch> data = List.of(new Batch(Tensor.ones(4, 2).mul(1e20), Tensor.zeros(4, 3)), new Batch(Tensor.ones(4, 2), Tensor.zeros(4, 3)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(data, 3, null));
        assertTrue(e.getMessage().contains("epoch 1, step") && e.getMessage().contains("Anomaly"), e.getMessage());
    }

    @Test
    void csvLoggerWritesOneRowPerEpoch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Sequential model = mlp();
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
        java.nio.file.Path csv = dir.resolve("log.csv");
        trainer.fit(blobs(1, 3), 2, null, new CsvLogger(csv));
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertEquals("epoch,loss,accuracy,lr", lines.get(0));
        assertEquals(3, lines.size());
    }
}
