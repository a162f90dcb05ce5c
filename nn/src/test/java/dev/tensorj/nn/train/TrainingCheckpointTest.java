package dev.tensorj.nn.train;

import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrainingCheckpointTest {
    @TempDir
    Path dir;

    /** Batches of a fixed data set in a fresh random order each epoch, drawn from its own generator (like a shuffling DataLoader). */
    private record ShuffledBatches(Tensor inputs, Tensor targets, int batchSize, Generator shuffler) implements Iterable<Batch> {
        @Override
        public Iterator<Batch> iterator() {
            int n = inputs.size(0);
            long[] order = new long[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = (int) shuffler.nextLong(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            List<Batch> batches = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                long[] part = java.util.Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                Tensor index = Tensor.ofLongs(part);
                batches.add(new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index)));
            }
            return batches.iterator();
        }
    }

    /** A run: model (with dropout and batch norm), optimiser, shuffled data; generators seeded by {@code seed}. */
    private record Run(Sequential model, Trainer trainer, ShuffledBatches data) {
        static Run create(long seed) {
            Generator init = new Generator(seed);
            Generator dropout = new Generator(seed + 1);
            Sequential model = new Sequential(new Linear(4, 16, true, init), new BatchNorm(16), Activation.relu(), new Dropout(0.3, dropout), new Linear(16, 3, true, init));
            Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
            Generator data = new Generator(7);
            Tensor x = Tensor.randn(data, 96, 4);
            Tensor y = Tensor.randint(0, 3, data, 96);
            ShuffledBatches batches = new ShuffledBatches(x, y, 20, new Generator(seed + 2));
            trainer.trackGenerator("dropout", dropout).trackGenerator("shuffle", batches.shuffler());
            return new Run(model, trainer, batches);
        }
    }

    /** Stops a run after the given epoch, as a crash would (the exception propagates out of fit). */
    private record CrashAfter(int epoch) implements Callback {
        @Override
        public boolean onEpochEnd(Trainer trainer, int e, Map<String, Double> logs) {
            if (e == epoch) throw new IllegalStateException("simulated crash after epoch " + (e + 1));
            return false;
        }
    }

    private static void assertBitIdentical(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertTrue(v.allClose(actual.get(k), 0, 0), k + " differs"));
    }

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() {
        Run uninterrupted = Run.create(1);
        History full = uninterrupted.trainer().fit(uninterrupted.data(), 5, null);

        Path checkpoint = dir.resolve("run.safetensors");
        Run first = Run.create(1);
        assertThrows(IllegalStateException.class, () -> first.trainer().fit(first.data(), 5, null, new TrainingCheckpoint(checkpoint), new CrashAfter(2)));

        // a new process: other seeds everywhere, so only the checkpoint can make it match
        Run resumed = Run.create(100);
        History history = resumed.trainer().fit(resumed.data(), 5, null, checkpoint);

        assertBitIdentical(uninterrupted.model().stateDict(), resumed.model().stateDict());
        assertBitIdentical(uninterrupted.trainer().optimizer().stateDict(), resumed.trainer().optimizer().stateDict());
        assertEquals(full.asMap(), history.asMap(), "history: 3 restored epochs + 2 new ones");
        assertEquals(5, history.epochs());
    }

    @Test
    void aCheckpointThatDoesNotFitIsRefusedWholeAndChangesNothing() throws IOException {
        Path checkpoint = dir.resolve("run.safetensors");
        Run run = Run.create(1);
        run.trainer().fit(run.data(), 1, null, new TrainingCheckpoint(checkpoint));

        Generator g = new Generator(5);
        Sequential other = new Sequential(new Linear(4, 8, true, g), Activation.relu(), new Linear(8, 3, true, g));
        Trainer trainer = new Trainer(other, new SGD(other.parameters(), 0.1), Losses.crossEntropy()).verbose(false);
        Map<String, Tensor> before = copy(other.stateDict());
        long[] globalBefore = Generator.global().getState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingCheckpoint.restore(checkpoint, trainer));
        String m = e.getMessage();
        assertTrue(m.contains(" holds Sequential (Adam, after epoch 1), this trainer trains Sequential (SGD); it does not fit"), m); // names the model in the file
        assertTrue(m.contains("saved by Adam, this trainer uses SGD") && m.contains("generator 'dropout' is not tracked")
                && m.contains("shape mismatch for '0.weight'") && m.contains("unexpected key '1.running_mean'") && m.contains("nothing restored"), m);
        assertBitIdentical(before, other.stateDict());
        assertArrayEquals(globalBefore, Generator.global().getState());

        Path modelOnly = dir.resolve("model.safetensors");
        SafeTensors.save(run.model().stateDict(), modelOnly);
        IOException notACheckpoint = assertThrows(IOException.class, () -> TrainingCheckpoint.restore(modelOnly, run.trainer()));
        assertTrue(notACheckpoint.getMessage().contains("not a training checkpoint"), notACheckpoint.getMessage());
    }

    @Test
    void theFileHoldsModelOptimiserGeneratorsHistoryAndEpoch() throws IOException {
        Path checkpoint = dir.resolve("run.safetensors");
        Run run = Run.create(1);
        run.trainer().fit(run.data(), 2, null, new TrainingCheckpoint(checkpoint));
        SafeTensors.Contents c = SafeTensors.read(checkpoint);
        assertEquals("2", c.metadata().get("epoch"));
        assertTrue(c.tensors().containsKey("model.1.running_var"));
        assertTrue(c.tensors().containsKey("optimizer.state.0.exp_avg"));
        assertEquals(2 * 5, c.tensors().get("optimizer.step.0").itemLong(), "5 batches per epoch (96 examples, batches of 20)");
        assertArrayEquals(run.data().shuffler().getState(), c.tensors().get("rng.shuffle").toLongArray());
        assertArrayEquals(new int[] {2}, c.tensors().get("history.accuracy").dims());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
