package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Concatenate;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Concatenate and the two-input model of a conditional GAN's discriminator. */
class TwoInputModelTest {

    @Test
    void concatenateJoinsChannelsAndSplitsTheGradient() {
        Generator r = new Generator(1);
        Variable a = new Variable(Tensor.randn(r, 2, 3, 4, 4), true), b = new Variable(Tensor.randn(r, 2, 1, 4, 4), true);
        Variable joined = new Concatenate().forward(a, b);
        assertArrayEquals(new int[] {2, 4, 4, 4}, joined.data().dims());
        assertTrue(joined.data().narrow(1, 3, 1).allClose(b.data(), 0, 0), "b's channel comes last");
        Tensor upstream = Tensor.randn(r, 2, 4, 4, 4);
        joined.backward(upstream);
        assertTrue(a.grad().allClose(upstream.narrow(1, 0, 3), 0, 0));
        assertTrue(b.grad().allClose(upstream.narrow(1, 3, 1), 0, 0));
    }

    @Test
    void concatenateNamesTheShapesThatDoNotFit() {
        Variable a = new Variable(Tensor.zeros(2, 3, 4, 4), false), b = new Variable(Tensor.zeros(2, 1, 5, 4), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Concatenate().forward(a, b));
        assertTrue(e.getMessage().contains("[2, 3, 4, 4]") && e.getMessage().contains("[2, 1, 5, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Concatenate().forward(a));
    }

    /** An image [N, 1, 6, 6] with a one-hot label [N, 3] spread into one more 6x6 channel, scored by a small CNN. */
    private static TwoInputModel conditionalDiscriminator(Generator g) {
        Layer labelBranch = new Sequential(new Linear(3, 36, true, g), new Reshape(1, 6, 6));
        Layer trunk = new Sequential(Conv2d.valid(2, 4, 3, 1, g), Activation.leakyRelu(0.2), new Flatten(), new Linear(64, 1, true, g));
        return new TwoInputModel(TwoInputModel.identity(), labelBranch, trunk);
    }

    @Test
    void twoInputModelRunsBothBranchesAndTrainsAllParameters() {
        Generator g = new Generator(2);
        TwoInputModel model = conditionalDiscriminator(g);
        Tensor images = Tensor.randn(g, 5, 1, 6, 6), labels = Tensor.zeros(5, 3);
        Variable out = model.forward(new Variable(images, false), new Variable(labels.add(1.0 / 3), false));
        assertArrayEquals(new int[] {5, 1}, out.data().dims());
        out.sum().backward();
        for (var e : model.namedParameters().entrySet()) assertNotNull(e.getValue().grad(), e.getKey() + " got no gradient");
        assertTrue(model.namedParameters().containsKey("second.0.weight") && model.namedParameters().containsKey("trunk.0.weight"),
                model.namedParameters().keySet().toString());
        assertThrows(IllegalArgumentException.class, () -> model.forward(new Variable(images, false)), "one input is not enough");
    }

    @Test
    void summaryListsBothBranchesTheJoinAndTheTrunk() {
        TwoInputModel model = conditionalDiscriminator(new Generator(3));
        String summary = model.summary(Tensor.zeros(1, 1, 6, 6), Tensor.zeros(1, 3));
        assertTrue(summary.contains("input_1 (first)") && summary.contains("(None, 1, 6, 6)"), summary);
        assertTrue(summary.contains("second.1 (Reshape)"), summary);
        assertTrue(summary.contains("concatenate (Concatenate)") && summary.contains("(None, 2, 6, 6)"), summary);
        assertTrue(summary.contains("trunk.3 (Linear)") && summary.contains("(None, 1)"), summary);
        long params = (3 * 36 + 36) + (2 * 4 * 9 + 4) + (64 + 1);
        assertEquals(params, model.parameterCount());
        assertTrue(summary.contains(String.format(java.util.Locale.ROOT, "Total params: %,d", params)), summary);
    }
}
