package dev.tensorj.nn.gan;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Embedding;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@link GanSchedule#KERAS_HALF_BATCHES} is the notebook's three sequential train_on_batch calls. */
class GanScheduleTest {
    private static final int LATENT = GanTrainerTest.LATENT, BATCH = 6;
    private static final double LR = 0.1;
    private final Loss bce = Losses.bceWithLogits();

    /** One SGD step of {@code loss} for {@code params} only. */
    private static void sgd(Variable loss, List<Variable> params) {
        for (Variable p : params) p.zeroGrad();
        loss.backward();
        for (Variable p : params) p.data().copyFrom(p.data().sub(p.grad().mul(LR)));
    }

    @Test
    void dTakesTwoHalfBatchStepsThenGOneFullBatchStepThroughTheUpdatedD() {
        Generator init = new Generator(1), initAgain = new Generator(1);
        Layer g = GanTrainerTest.generator(init), d = GanTrainerTest.discriminator(init);
        Layer g2 = GanTrainerTest.generator(initAgain), d2 = GanTrainerTest.discriminator(initAgain); // the same weights, trained by hand below
        Tensor real = Tensor.randn(new Generator(2), BATCH, 1, 3, 3).tanh();
        Generator draws = new Generator(3); // the trainer draws half a batch of noise, then a full one
        Tensor halfNoise = Tensor.randn(draws, BATCH / 2, LATENT), fullNoise = Tensor.randn(draws, BATCH, LATENT);

        Variable realLogits = d2.forward(new Variable(real.narrow(0, 0, BATCH / 2), false));
        Variable realLoss = bce.compute(realLogits, realLogits.data().onesLike());
        sgd(realLoss, d2.parameters());
        Variable fakeLogits = d2.forward(g2.forward(new Variable(halfNoise, false)).detach());
        Variable fakeLoss = bce.compute(fakeLogits, fakeLogits.data().zerosLike());
        sgd(fakeLoss, d2.parameters());
        for (Variable p : d2.parameters()) p.setRequiresGrad(false);
        Variable gLogits = d2.forward(g2.forward(new Variable(fullNoise, false)));
        Variable gLoss = bce.compute(gLogits, gLogits.data().onesLike());
        sgd(gLoss, g2.parameters());
        for (Variable p : d2.parameters()) p.setRequiresGrad(true);

        GanTrainer trainer = new GanTrainer(g, d, new SGD(g.parameters(), LR), new SGD(d.parameters(), LR), LATENT, false, new Generator(3))
                .schedule(GanSchedule.KERAS_HALF_BATCHES);
        GanTrainer.StepLosses losses = trainer.step(real, null);

        assertEquals(gLoss.data().item(), losses.generator(), 1e-5);
        assertEquals(realLoss.data().item() + fakeLoss.data().item(), losses.discriminator(), 1e-5);
        assertParametersClose(g2, g, "generator");
        assertParametersClose(d2, d, "discriminator");
        for (Variable p : d.parameters()) assertTrue(p.requiresGrad(), "discriminator left frozen");
    }

    @Test
    void onlyTheFirstHalfOfTheRealBatchIsUsed() {
        Tensor real = Tensor.randn(new Generator(2), BATCH, 1, 3, 3).tanh();
        Tensor otherSecondHalf = Tensor.concat(0, real.narrow(0, 0, BATCH / 2), Tensor.randn(new Generator(9), BATCH / 2, 1, 3, 3).tanh());
        GanTrainer a = trainer(), b = trainer();
        a.step(real, null);
        b.step(otherSecondHalf, null);
        assertParametersClose(a.discriminator(), b.discriminator(), "discriminator");
        // and the simultaneous schedule does read the whole batch
        GanTrainer c = trainer().schedule(GanSchedule.SIMULTANEOUS), e = trainer().schedule(GanSchedule.SIMULTANEOUS);
        c.step(real, null);
        e.step(otherSecondHalf, null);
        assertFalse(c.discriminator().parameters().get(0).data().allClose(e.discriminator().parameters().get(0).data(), 1e-6, 1e-7));
    }

    @Test
    void aConditionalGanDrawsTheFakesLabelsFromTheGivenClasses() {
        Generator init = new Generator(4);
        Layer g = new TwoInputModel(new Sequential(new Linear(LATENT, 9, true, init), new Reshape(1, 3, 3)),
                new Sequential(new Embedding(3, 9, -1, init), new Reshape(1, 3, 3)), new Sequential(new Flatten(), new Linear(18, 9, true, init), Activation.tanh(), new Reshape(1, 3, 3)));
        Layer d = new TwoInputModel(TwoInputModel.identity(), new Sequential(new Embedding(3, 9, -1, init), new Reshape(1, 3, 3)),
                new Sequential(new Flatten(), new Linear(18, 1, true, init)));
        GanTrainer trainer = new GanTrainer(g, d, new SGD(g.parameters(), LR), new SGD(d.parameters(), LR), LATENT, true, new Generator(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.schedule(GanSchedule.KERAS_HALF_BATCHES));
        assertTrue(e.getMessage().contains("number of classes"), e.getMessage());
        trainer.schedule(GanSchedule.KERAS_HALF_BATCHES, 3);
        // every real label is 0; the fakes' labels come from all three classes, so every row of D's embedding moves
        Tensor before = d.parameters().get(0).data().copy();
        for (int i = 0; i < 4; i++) trainer.step(Tensor.randn(new Generator(6 + i), BATCH, 1, 3, 3).tanh(), Tensor.zeros(dev.tensorj.tensor.DType.INT64, BATCH));
        Tensor moved = d.parameters().get(0).data().sub(before).abs().sum(1);
        for (int row = 0; row < 3; row++) assertTrue(moved.toFloatArray()[row] > 0, "embedding row " + row + " of the discriminator never trained");
    }

    @Test
    void aBatchOfOneImageIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer().step(Tensor.zeros(1, 1, 3, 3), null));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    }

    private static GanTrainer trainer() {
        Generator init = new Generator(1);
        Layer g = GanTrainerTest.generator(init), d = GanTrainerTest.discriminator(init);
        return new GanTrainer(g, d, new SGD(g.parameters(), LR), new SGD(d.parameters(), LR), LATENT, false, new Generator(3))
                .schedule(GanSchedule.KERAS_HALF_BATCHES);
    }

    private static void assertParametersClose(Layer expected, Layer actual, String name) {
        List<Variable> e = expected.parameters(), a = actual.parameters();
        for (int i = 0; i < e.size(); i++) {
            assertTrue(a.get(i).data().allClose(e.get(i).data(), 1e-5, 1e-6), name + " parameter " + i + " differs");
        }
    }
}
