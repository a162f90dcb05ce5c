package dev.tensorj.examples;

import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.models.ConditionalGan;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The notebook's conditional GAN ({@code tensorj train cgan-fashion-notebook}) takes training steps on real
 * Fashion-MNIST images (skipped without them), CI-sized: three steps at batch 32, finite losses that
 * move the weights, and generated images of the requested shape and range; with the notebook's loop
 * ({@code GanSchedule.KERAS_HALF_BATCHES}, the command's default) as well.
 */
@Tag("e2e")
class NotebookCganTest {
    @Test
    void notebookNetworksTrainOnFashionMnist() {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        TensorDataset real = Loaders.first(FashionMnist.train(), 96).withInputs(GanExercise.TO_SIGNED_RANGE);
        Generator init = new Generator(1);
        TwoInputModel g = ConditionalGan.generator(GanExercise.LATENT_DIM, 10, init), d = ConditionalGan.discriminator(10, init);
        GanTrainer trainer = new GanTrainer(g, d, adam(g), adam(d), GanExercise.LATENT_DIM, true, new Generator(2));
        float[] before = g.parameters().get(0).data().contiguous().toFloatArray();
        for (var batch : Loaders.loader(real, 32, true, 3)) {
            GanTrainer.StepLosses losses = trainer.step(batch.inputs(), batch.targets());
            assertTrue(Double.isFinite(losses.generator()) && Double.isFinite(losses.discriminator()), losses.toString());
        }
        assertFalse(java.util.Arrays.equals(before, g.parameters().get(0).data().contiguous().toFloatArray()), "the generator's weights moved");
        Tensor images = trainer.generate(trainer.noise(10), Tensor.fromArray(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10));
        assertArrayEquals(new int[] {10, 1, 28, 28}, images.dims());
        for (float v : images.toFloatArray()) assertTrue(v >= -1 && v <= 1);
    }

    @Test
    void theCommandUsesTheNotebooksBatchEpochsAndLoop() {
        GanExercise.Config c = GanExercise.Config.fromCommandLine("cgan-fashion-notebook", null, null, 42, 0, null, java.nio.file.Path.of("out"));
        assertEquals(GanExercise.Kind.CGAN_FASHION, c.kind());
        assertEquals(128, c.batchSize(), "the notebook's n_batch");
        assertEquals(100, c.epochs(), "the notebook's n_epochs");
        assertEquals(256, GanExercise.Config.fromCommandLine("cgan-fashion", null, null, 42, 0, null, java.nio.file.Path.of("out")).batchSize(), "the DCGAN variant keeps 256");
    }

    @Test
    void theNotebooksLoopTrainsBothNetworksOnFashionMnist() {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        TensorDataset real = Loaders.first(FashionMnist.train(), 64).withInputs(GanExercise.TO_SIGNED_RANGE);
        Generator init = new Generator(1);
        TwoInputModel g = ConditionalGan.generator(GanExercise.LATENT_DIM, 10, init), d = ConditionalGan.discriminator(10, init);
        GanTrainer trainer = new GanTrainer(g, d, adam(g), adam(d), GanExercise.LATENT_DIM, true, new Generator(2))
                .schedule(dev.tensorj.nn.gan.GanSchedule.KERAS_HALF_BATCHES, 10);
        float[] gBefore = g.parameters().get(0).data().contiguous().toFloatArray(), dBefore = d.parameters().getLast().data().contiguous().toFloatArray();
        for (var batch : Loaders.loader(real, 32, true, 3)) {
            GanTrainer.StepLosses losses = trainer.step(batch.inputs(), batch.targets());
            assertTrue(Double.isFinite(losses.generator()) && Double.isFinite(losses.discriminator()), losses.toString());
        }
        assertFalse(java.util.Arrays.equals(gBefore, g.parameters().get(0).data().contiguous().toFloatArray()), "the generator's weights moved");
        assertFalse(java.util.Arrays.equals(dBefore, d.parameters().getLast().data().contiguous().toFloatArray()), "the discriminator's weights moved");
    }

    private static Adam adam(dev.tensorj.nn.Layer network) {
        return new Adam(network.parameters(), ConditionalGan.LEARNING_RATE, ConditionalGan.BETA1, 0.999, 1e-8, 0, false);
    }
}
