package dev.tensorj.nn.gan;

import dev.tensorj.autograd.Autograd;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.datasets.Batch;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The GAN step keeps the two networks' gradients apart; fit records losses and calls its hooks. */
class GanTrainerTest {
    static final int LATENT = 4;
    private static final int BATCH = 5;
    private static final double LR = 0.1;
    private final Loss bce = Losses.bceWithLogits();

    /** G: noise [N, 4] to images [N, 1, 3, 3] in [-1, 1]. */
    static Layer generator(Generator g) {
        return new Sequential(new Linear(LATENT, 8, true, g), Activation.leakyRelu(0.2), new Linear(8, 9, true, g), Activation.tanh(), new Reshape(1, 3, 3));
    }

    /** D: images [N, 1, 3, 3] to one logit each. */
    static Layer discriminator(Generator g) {
        return new Sequential(new Flatten(), new Linear(9, 6, true, g), Activation.leakyRelu(0.2), new Linear(6, 1, true, g));
    }

    private static List<Tensor> snapshot(Layer m) {
        List<Tensor> copies = new ArrayList<>();
        for (Variable p : m.parameters()) copies.add(p.data().copy());
        return copies;
    }

    private Variable generatorLoss(Layer g, Layer d, Tensor noise) {
        Variable logits = d.forward(g.forward(noise));
        return bce.compute(logits, logits.data().onesLike());
    }

    private Variable discriminatorLoss(Layer g, Layer d, Tensor noise, Tensor real, boolean detachFake) {
        Variable fake = g.forward(noise);
        Variable realLogits = d.forward(real), fakeLogits = d.forward(detachFake ? fake.detach() : fake);
        return bce.compute(realLogits, realLogits.data().onesLike()).add(bce.compute(fakeLogits, fakeLogits.data().zerosLike()));
    }

    @Test
    void eachNetworkIsUpdatedWithTheGradientOfItsOwnLossOnly() {
        long seed = 3;
        Generator init = new Generator(1);
        Layer g = generator(init), d = discriminator(init);
        Tensor real = Tensor.randn(new Generator(2), BATCH, 1, 3, 3).tanh();
        Tensor noise = Tensor.randn(new Generator(seed), BATCH, LATENT); // what the trainer will draw from the same seed

        // the expected gradients, each taken only with respect to its own network's parameters
        List<Variable> gParams = g.parameters(), dParams = d.parameters();
        List<Variable> expectedG = Autograd.grad(generatorLoss(g, d, noise), gParams, null, false);
        List<Variable> expectedD = Autograd.grad(discriminatorLoss(g, d, noise, real, true), dParams, null, false);
        // what a leak would add: the generator's loss reaching D, the discriminator's loss reaching G
        List<Variable> leakIntoD = Autograd.grad(generatorLoss(g, d, noise), dParams, null, false);
        List<Variable> leakIntoG = Autograd.grad(discriminatorLoss(g, d, noise, real, false), gParams, null, false);
        List<Tensor> gBefore = snapshot(g), dBefore = snapshot(d);

        GanTrainer trainer = new GanTrainer(g, d, new SGD(gParams, LR), new SGD(dParams, LR), LATENT, false, new Generator(seed));
        GanTrainer.StepLosses losses = trainer.step(real, null);
        assertTrue(losses.generator() > 0 && losses.discriminator() > 0, losses.toString());

        for (int i = 0; i < gParams.size(); i++) {
            Tensor grad = gParams.get(i).grad(), want = expectedG.get(i).data();
            assertTrue(grad.allClose(want, 1e-5, 1e-6), "generator parameter " + i + ": its gradient is not d(G loss)/dG");
            assertTrue(gParams.get(i).data().allClose(gBefore.get(i).sub(want.mul(LR)), 1e-5, 1e-6), "generator parameter " + i + ": not one SGD step");
            // the check can fail: D's loss has a gradient of its own for G's parameters
            assertFalse(want.add(leakIntoG.get(i).data()).allClose(want, 1e-3, 1e-4), "generator parameter " + i + ": a leak would go unnoticed");
        }
        for (int i = 0; i < dParams.size(); i++) {
            Tensor grad = dParams.get(i).grad(), want = expectedD.get(i).data();
            assertTrue(grad.allClose(want, 1e-5, 1e-6), "discriminator parameter " + i + ": its gradient is not d(D loss)/dD");
            assertTrue(dParams.get(i).data().allClose(dBefore.get(i).sub(want.mul(LR)), 1e-5, 1e-6), "discriminator parameter " + i + ": not one SGD step");
            assertFalse(want.add(leakIntoD.get(i).data()).allClose(want, 1e-3, 1e-4), "discriminator parameter " + i + ": a leak would go unnoticed");
        }
        // the step freezes D only while G's loss runs through it
        for (Variable p : dParams) assertTrue(p.requiresGrad(), "discriminator left frozen");
    }

    @Test
    void aParameterFrozenByTheUserStaysFrozenAndUnchanged() {
        Generator init = new Generator(4);
        Layer g = generator(init), d = discriminator(init);
        Variable frozen = d.parameters().get(0).setRequiresGrad(false);
        Tensor before = frozen.data().copy();
        GanTrainer trainer = new GanTrainer(g, d, new SGD(g.parameters(), LR), new SGD(d.parameters(), LR), LATENT, false, new Generator(5));
        trainer.step(Tensor.randn(new Generator(6), BATCH, 1, 3, 3), null);
        assertFalse(frozen.requiresGrad());
        assertTrue(frozen.data().allClose(before, 0, 0));
        assertNotNull(d.parameters().get(1).grad(), "the other discriminator parameters still train");
    }

    @Test
    void anOptimiserHoldingTheOtherNetworksParametersIsRejected() {
        Generator init = new Generator(7);
        Layer g = generator(init), d = discriminator(init);
        List<Variable> both = new ArrayList<>(g.parameters());
        both.addAll(d.parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GanTrainer(g, d, new SGD(both, LR), new SGD(d.parameters(), LR), LATENT, false, new Generator(1)));
        assertTrue(e.getMessage().contains("generator's optimiser") && e.getMessage().contains("other network"), e.getMessage());
    }

    @Test
    void fitRecordsBothLossesAndSavesCheckpoints(@TempDir Path dir) throws Exception {
        Generator init = new Generator(8);
        Layer g = generator(init), d = discriminator(init);
        GanTrainer trainer = new GanTrainer(g, d, new SGD(g.parameters(), 0.01), new SGD(d.parameters(), 0.01), LATENT, false, new Generator(9)).verbose(false);
        GanCheckpoint checkpoint = new GanCheckpoint(dir, 2);
        trainer.addCallback(checkpoint);
        List<Integer> epochsSeen = new ArrayList<>();
        trainer.addCallback((t, epoch, history) -> epochsSeen.add(epoch));
        Tensor images = Tensor.randn(new Generator(10), 12, 1, 3, 3).tanh();
        List<Batch> batches = List.of(new Batch(images.narrow(0, 0, 4), null), new Batch(images.narrow(0, 4, 4), null), new Batch(images.narrow(0, 8, 4), null));

        GanHistory history = trainer.fit(batches, 3);

        assertEquals(List.of(0, 1, 2), epochsSeen);
        assertEquals(3, history.epochs());
        assertEquals(9, history.generatorLossPerStep().size());
        List<Double> firstEpoch = history.discriminatorLossPerStep().subList(0, 3);
        assertEquals(firstEpoch.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), history.discriminatorLossPerEpoch().get(0), 1e-12);
        assertTrue(Files.exists(checkpoint.file("generator", 1)) && Files.exists(checkpoint.file("discriminator", 1)), "checkpoint after epoch 2");
        assertFalse(Files.exists(checkpoint.file("generator", 0)) || Files.exists(checkpoint.file("generator", 2)), "only every second epoch");
        Map<String, Tensor> saved = SafeTensors.load(checkpoint.file("generator", 1));
        assertEquals(g.stateDict().keySet(), saved.keySet());
    }

    @Test
    void aConditionalGanNeedsLabels() {
        Generator init = new Generator(11);
        Layer g = generator(init), d = discriminator(init);
        GanTrainer trainer = new GanTrainer(g, d, new SGD(g.parameters(), LR), new SGD(d.parameters(), LR), LATENT, true, new Generator(1));
        assertThrows(IllegalArgumentException.class, () -> trainer.step(Tensor.zeros(BATCH, 1, 3, 3), null));
    }
}
