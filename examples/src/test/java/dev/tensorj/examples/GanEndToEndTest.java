package dev.tensorj.examples;

import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.nn.models.ConditionalGan;
import dev.tensorj.nn.models.Dcgan;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.datasets.Batch;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The course's GANs: the tutorial's shapes, the exercise's files, and a conditional GAN that learns to
 * draw the class it is asked for, judged by a classifier trained with tensorj.
 */
@Tag("e2e")
class GanEndToEndTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void dcganHasTheTutorialShapes() {
        Sequential g = Dcgan.generator(100, 7, 1, new Generator(0)), d = Dcgan.discriminator(7, 1, new Generator(0));
        String summary = g.summary(100);
        for (String shape : new String[] {"(None, 12544)", "(None, 256, 7, 7)", "(None, 128, 7, 7)", "(None, 64, 14, 14)", "(None, 1, 28, 28)"}) {
            assertTrue(summary.contains(shape), shape + " missing from\n" + summary);
        }
        // Dense 100*12544 (no bias), BN 2*12544, ConvT 256*128*25, BN 256, ConvT 128*64*25, BN 128, ConvT 64*25 = 2,305,472:
        // the tutorial's 2,330,944 less the BN moving means and variances Keras counts as non-trainable parameters (2 * 12,736)
        assertEquals(2_330_944 - 2 * (12_544 + 128 + 64), g.parameterCount());
        // conv 1->64 (1,664), conv 64->128 (204,928), Dense 6272->1 (6,273): the tutorial's 212,865
        assertEquals(212_865, d.parameterCount());
        Sequential cifar = Dcgan.generator(100, 8, 3, new Generator(0));
        assertTrue(cifar.summary(100).contains("(None, 3, 32, 32)"));
        assertTrue(Dcgan.discriminator(8, 3, new Generator(0)).summary(3, 32, 32).contains("(None, 1)"));
    }

    @Test
    void conditionalNetworksAreTwoInputModels() {
        TwoInputModel g = ConditionalGan.generator(100, 10, 256, new Generator(0)), d = ConditionalGan.discriminator(10, 256, new Generator(0));
        String gs = g.summary(Tensor.zeros(1, 100), Tensor.zeros(DType.INT64, 1));
        assertTrue(gs.contains("second.0 (Embedding)") && gs.contains("(None, 50)") && gs.contains("(None, 257, 7, 7)") && gs.contains("(None, 1, 28, 28)"), gs);
        String ds = d.summary(Tensor.zeros(1, 1, 28, 28), Tensor.zeros(DType.INT64, 1));
        assertTrue(ds.contains("concatenate (Concatenate)") && ds.contains("(None, 2, 28, 28)") && ds.contains("(None, 1)"), ds);
    }

    /** CIFAR-10 DCGAN on 128 staged images, one epoch at batch 64 (two steps, a few seconds): every file the exercise promises. */
    @Test
    void exerciseWritesGridsLossPlotAndCheckpoints(@TempDir Path dir) throws Exception {
        assumeTrue(Loaders.available(dev.tensorj.datasets.Cifar10::subset), "CIFAR-10 subset not staged; skipping");
        GanExercise.Config config = new GanExercise.Config(GanExercise.Kind.DCGAN_CIFAR10, 1, 64, 7, 128, 256, 1, 0, null, dir);
        GanExercise.Result result = GanExercise.run(config, QUIET, false);
        assertEquals(2, result.history().generatorLossPerStep().size());
        assertNull(result.score(), "no classifier for CIFAR-10");
        for (String file : new String[] {"samples_epoch_001.png", "final.png", "losses.png",
                "checkpoints/generator_epoch_001.safetensors", "checkpoints/discriminator_epoch_001.safetensors"}) {
            assertTrue(Files.isRegularFile(dir.resolve(file)) && Files.size(dir.resolve(file)) > 0, file + " missing");
        }
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| steps | 2 |") && report.contains("![final](final.png)") && report.contains("samples_epoch_001.png"), report);
    }

    /**
     * A GAN run stopped after its first epoch and resumed from its checkpoint ends with the same weights as one
     * that ran both epochs at once, and its folder holds both epochs' grids (CIFAR-10 DCGAN, 128 images, batch 64).
     */
    @Test
    void aStoppedRunResumedFromItsCheckpointEndsLikeAnUninterruptedOne(@TempDir Path dir) throws Exception {
        assumeTrue(Loaders.available(dev.tensorj.datasets.Cifar10::subset), "CIFAR-10 subset not staged; skipping");
        Path whole = dir.resolve("whole.safetensors"), stopped = dir.resolve("stopped.safetensors");
        GanExercise.run(new GanExercise.Config(GanExercise.Kind.DCGAN_CIFAR10, 2, 64, 7, 128, 256, 0, 0, whole, dir.resolve("a")), QUIET, false);
        GanExercise.run(new GanExercise.Config(GanExercise.Kind.DCGAN_CIFAR10, 1, 64, 7, 128, 256, 0, 0, stopped, dir.resolve("b")), QUIET, false);
        GanExercise.Result resumed = GanExercise.run(new GanExercise.Config(GanExercise.Kind.DCGAN_CIFAR10, 2, 64, 7, 128, 256, 0, 0, stopped, dir.resolve("b")), QUIET, false);

        assertEquals(4, resumed.history().generatorLossPerStep().size(), "two restored steps and two new ones");
        java.util.Map<String, Tensor> expected = dev.tensorj.nn.io.SafeTensors.load(whole), actual = dev.tensorj.nn.io.SafeTensors.load(stopped);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            if (name.startsWith("generator.") || name.startsWith("discriminator.")) {
                assertArrayEquals(expected.get(name).contiguous().toFloatArray(), actual.get(name).contiguous().toFloatArray(), 0f, name);
            }
        }
        assertTrue(Files.exists(dir.resolve("b/samples_epoch_001.png")) && Files.exists(dir.resolve("b/samples_epoch_002.png")));
        IllegalArgumentException done = assertThrows(IllegalArgumentException.class,
                () -> GanExercise.run(new GanExercise.Config(GanExercise.Kind.DCGAN_CIFAR10, 2, 64, 7, 128, 256, 0, 0, stopped, dir.resolve("b")), QUIET, false));
        assertTrue(done.getMessage().contains("already holds 2 epochs"), done.getMessage());
    }

    /**
     * The objective score of a conditional GAN: a C1 classifier, trained for one epoch on 10,000 real
     * Fashion-MNIST images, labels 500 generated images (50 per class) after {@value #FIRST_CHECK}
     * and after {@value #SECOND_CHECK} steps of a width-32 cGAN at batch 64; the share classified as the
     * requested class must exceed 30 % (chance: 10 %) and rise (measured on a busy 2-core machine:
     * 10.6 % after 150 steps, 73.6 % after 300). CI budget: about 1 to 2.5 minutes on 2 cores
     * (classifier ~10-30 s, GAN steps ~0.15-0.35 s each, depending on the load).
     */
    @Test
    void conditionalGanDrawsTheRequestedClassAboveChanceAndImproving() {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not installed; skipping");
        TensorDataset real = Loaders.first(FashionMnist.train(), 10_000).withInputs(GanExercise.TO_SIGNED_RANGE);
        Layer classifier = GanScore.trainClassifier(real, 1, 64, 1, QUIET, false);
        double classifierAccuracy = GanScore.accuracy(classifier, Loaders.first(FashionMnist.test(), 2_000).withInputs(GanExercise.TO_SIGNED_RANGE));
        assertTrue(classifierAccuracy > 0.7, "the judge itself is too weak: " + classifierAccuracy);

        Generator init = new Generator(1);
        TwoInputModel g = ConditionalGan.generator(100, 10, WIDTH, init), d = ConditionalGan.discriminator(10, WIDTH, init);
        GanTrainer trainer = new GanTrainer(g, d, adam(g), adam(d), 100, true, new Generator(2));
        DataLoader loader = Loaders.loader(real, 64, true, 3);
        List<GanScore.Score> scores = new ArrayList<>();
        int step = 0;
        while (step < SECOND_CHECK) {
            for (Batch batch : loader) {
                trainer.step(batch.inputs(), batch.targets());
                step++;
                if (step == FIRST_CHECK || step == SECOND_CHECK) scores.add(GanExercise.scoreGenerator(trainer, classifier, 500));
                if (step == SECOND_CHECK) break;
            }
        }
        System.out.printf("cGAN (width %d, batch 64), classifier %.1f %% on real images: after %d steps %s; after %d steps %s%n",
                WIDTH, 100 * classifierAccuracy, FIRST_CHECK, scores.get(0), SECOND_CHECK, scores.get(1));
        double early = scores.get(0).classAccuracy(), late = scores.get(1).classAccuracy();
        assertTrue(late > 0.30, "class accuracy " + late + " after " + SECOND_CHECK + " steps is not clearly above chance (0.10)");
        assertTrue(late > early, "class accuracy did not rise: " + early + " -> " + late);
        assertTrue(scores.get(1).largestClassShare() < 0.5, "the generator collapsed onto one class: " + scores.get(1));
    }

    private static final int WIDTH = 32, FIRST_CHECK = 150, SECOND_CHECK = 300;

    private static Adam adam(Layer network) {
        return new Adam(network.parameters(), 4e-4, ConditionalGan.BETA1, 0.999, 1e-8, 0, false);
    }
}
