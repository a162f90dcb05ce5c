package dev.tensorj.nn.gan;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.List;

/** {@link GanSchedule#KERAS_HALF_BATCHES}: the Keras notebook's three sequential train_on_batch calls (see there). */
final class HalfBatchStep {
    private static final Loss BCE = Losses.bceWithLogits();

    private HalfBatchStep() {
    }

    static GanTrainer.StepLosses step(GanTrainer t, Tensor realImages, Tensor labels, int classes, Generator random) {
        int batch = realImages.size(0), half = batch / 2;
        if (half < 1) throw new IllegalArgumentException("GanSchedule.KERAS_HALF_BATCHES: needs a batch of at least 2 real images, got " + batch);
        Layer g = t.generator(), d = t.discriminator();
        var device = realImages.device();

        // 1. D on half a batch of real images, label 1: its own optimiser step
        Variable realCondition = t.conditional() ? new Variable(labels.narrow(0, 0, half), false) : null;
        t.discriminatorOptimizer().zeroGrad();
        Variable realLogits = GanTrainer.run(d, new Variable(realImages.narrow(0, 0, half), false), realCondition);
        Variable realLoss = BCE.compute(realLogits, realLogits.data().onesLike());
        realLoss.backward();
        t.discriminatorOptimizer().step();

        // 2. D on half a batch of fakes (fresh noise and labels; G predicts without gradients), label 0: another step
        Variable fakeCondition = condition(t, classes, half, random, device);
        Tensor fakes;
        try (var noGrad = Grad.disabled()) {
            fakes = GanTrainer.run(g, noise(t, half, random, device), fakeCondition).data();
        }
        t.discriminatorOptimizer().zeroGrad();
        Variable fakeLogits = GanTrainer.run(d, new Variable(fakes, false), fakeCondition);
        Variable fakeLoss = BCE.compute(fakeLogits, fakeLogits.data().zerosLike());
        fakeLoss.backward();
        t.discriminatorOptimizer().step();

        // 3. G through the frozen D on a full batch of fresh noise, label 1
        Variable condition = condition(t, classes, batch, random, device);
        t.generatorOptimizer().zeroGrad();
        double generatorLoss;
        List<Boolean> trainable = GanTrainer.freeze(d);
        try {
            Variable logits = GanTrainer.run(d, GanTrainer.run(g, noise(t, batch, random, device), condition), condition);
            Variable loss = BCE.compute(logits, logits.data().onesLike());
            loss.backward();
            generatorLoss = loss.data().item();
        } finally {
            GanTrainer.unfreeze(d, trainable);
        }
        t.generatorOptimizer().step();
        return new GanTrainer.StepLosses(generatorLoss, realLoss.data().item() + fakeLoss.data().item());
    }

    private static Variable noise(GanTrainer t, int n, Generator random, dev.tensorj.tensor.Device device) {
        return new Variable(Tensor.randn(random, n, t.latentDim()).to(device), false);
    }

    private static Variable condition(GanTrainer t, int classes, int n, Generator random, dev.tensorj.tensor.Device device) {
        if (!t.conditional()) return null;
        return new Variable(Tensor.randint(0, classes, random, n).to(device), false);
    }
}
