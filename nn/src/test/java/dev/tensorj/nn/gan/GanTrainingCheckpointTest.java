package dev.tensorj.nn.gan;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A GAN run stopped after an epoch and resumed from its checkpoint ends where an uninterrupted one does. */
class GanTrainingCheckpointTest {
    @TempDir
    Path dir;

    /**
     * A run: G and D (D with Dropout on its own generator), Adam for both, a shuffling loader, every
     * generator seeded from {@code seed} and tracked; {@code width} is D's hidden width.
     */
    private record Run(GanTrainer trainer, DataLoader data) {
        static Run create(long seed, int width) {
            Generator init = new Generator(seed), dropout = new Generator(seed + 1);
            Layer g = GanTrainerTest.generator(init);
            Layer d = new Sequential(new Flatten(), new Linear(9, width, true, init), Activation.leakyRelu(0.2), new Dropout(0.3, dropout), new Linear(width, 1, true, init));
            GanTrainer trainer = new GanTrainer(g, d, new Adam(g.parameters(), 0.01), new Adam(d.parameters(), 0.01), GanTrainerTest.LATENT, false,
                    new Generator(seed + 2)).verbose(false);
            Tensor images = Tensor.randn(new Generator(99), 20, 1, 3, 3).tanh(); // the same data in every run
            DataLoader data = DataLoader.builder(new TensorDataset(images, Tensor.zeros(20))).batchSize(6).shuffle(seed + 3).build();
            trainer.trackGenerator("shuffle", data.shuffleGenerator()).trackGenerator("dropout", dropout);
            return new Run(trainer, data);
        }

        static Run create(long seed) {
            return create(seed, 6);
        }
    }

    private static List<Tensor> weights(GanTrainer trainer) {
        List<Tensor> all = new ArrayList<>();
        for (Variable p : trainer.generator().parameters()) all.add(p.data().copy());
        for (Variable p : trainer.discriminator().parameters()) all.add(p.data().copy());
        return all;
    }

    private static void assertSameBits(List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), 0f, "parameter " + i);
    }

    /** The checkpoint of Run.create(5) after one epoch. */
    private Path savedAfterOneEpoch() {
        Path file = dir.resolve("gan.safetensors");
        Run saved = Run.create(5);
        saved.trainer().addCallback(new GanTrainingCheckpoint(file));
        saved.trainer().fit(saved.data(), 1);
        return file;
    }

    @Test
    void aResumedRunEndsWithTheSameWeightsAndHistoryAsOneThatNeverStopped() {
        Run whole = Run.create(5);
        GanHistory expected = whole.trainer().fit(whole.data(), 4);

        Path file = dir.resolve("gan.safetensors");
        Run firstHalf = Run.create(5);
        firstHalf.trainer().addCallback(new GanTrainingCheckpoint(file));
        firstHalf.trainer().fit(firstHalf.data(), 2);

        Run resumed = Run.create(5); // fresh objects, as after a restart
        GanHistory history = resumed.trainer().fit(resumed.data(), 4, file);

        assertSameBits(weights(whole.trainer()), weights(resumed.trainer()));
        assertEquals(expected.generatorLossPerStep(), history.generatorLossPerStep());
        assertEquals(expected.discriminatorLossPerEpoch(), history.discriminatorLossPerEpoch());
        assertEquals(4, history.epochs());
        assertSame(history, resumed.trainer().history());
    }

    @Test
    void aCheckpointOfOtherNetworksIsRefusedWholeAndRestoresNothing() throws Exception {
        Path file = savedAfterOneEpoch();

        Run other = Run.create(6, 7); // D one unit wider
        List<Tensor> before = weights(other.trainer());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GanTrainingCheckpoint.restore(file, other.trainer()));
        assertTrue(e.getMessage().contains("discriminator") && e.getMessage().contains("nothing restored") && e.getMessage().contains("discriminator_optimizer"), e.getMessage());
        assertSameBits(before, weights(other.trainer()));
    }

    @Test
    void otherOptimisersOrUntrackedGeneratorsAreNamed() throws Exception {
        Path file = savedAfterOneEpoch();

        Generator init = new Generator(5);
        Layer g = GanTrainerTest.generator(init), d = GanTrainerTest.discriminator(init);
        GanTrainer sgd = new GanTrainer(g, d, new SGD(g.parameters(), 0.1), new SGD(d.parameters(), 0.1), GanTrainerTest.LATENT, false, new Generator(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GanTrainingCheckpoint.restore(file, sgd));
        assertTrue(e.getMessage().contains("saved by Adam / Adam, this trainer uses SGD / SGD"), e.getMessage());
        assertTrue(e.getMessage().contains("generator 'shuffle' is not tracked"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAGanCheckpointIsReportedAsSuch() throws Exception {
        Path weightsOnly = dir.resolve("generator.safetensors");
        Run run = Run.create(5);
        SafeTensors.save(run.trainer().generator().stateDict(), Map.of(), weightsOnly);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> run.trainer().fit(run.data(), 2, weightsOnly));
        assertTrue(e.getMessage().contains("cannot resume from") && e.getCause().getMessage().contains("not a GAN training checkpoint"), e.getCause().getMessage());
    }
}
