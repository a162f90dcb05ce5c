package dev.tensorj.nn.models;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Sequential;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial's networks start from Keras' initialisation (Glorot-uniform kernels, zero biases, BatchNorm at 1 and 0),
 * and the fast CPU backend trains them as the reference does.
 */
class DcganTest {

    @Test
    void kernelsAreGlorotUniformAndBiasesZero() {
        Sequential d = Dcgan.discriminator(7, 1, new Generator(1)), g = Dcgan.generator(100, 7, 1, new Generator(2));
        Map<String, Variable> dp = d.namedParameters(), gp = g.namedParameters();
        // Conv2D(1 -> 64, 5x5): fan_in 25, fan_out 1600, bound sqrt(6 / 1625)
        double convBound = Math.sqrt(6.0 / (25 + 1600));
        assertTrue(dp.get("0.weight").data().abs().max().item() <= convBound + 1e-7);
        assertTrue(dp.get("0.weight").data().abs().max().item() > 0.9 * convBound, "spread over the whole range");
        assertEquals(0, dp.get("0.bias").data().abs().sum().item());
        assertEquals(0, dp.get("7.bias").data().abs().sum().item());
        // Dense(100 -> 12544) without bias, then BatchNorm (weight 1, bias 0)
        double denseBound = Math.sqrt(6.0 / (100 + 12544));
        assertTrue(gp.get("0.weight").data().abs().max().item() <= denseBound + 1e-7);
        assertEquals(12544, gp.get("1.weight").data().sum().item(), 1e-3);
    }

    /**
     * The whole generator and discriminator on the fast CPU backend and on the reference (one training-mode forward
     * and backward, {@link FastAndReference}): they take the fast backend's special routes (the channels-last 5x5
     * convolutions and transposed convolutions, batch norm on a Dense layer's output and on maps, the leaky ReLU and
     * tanh vector loops, dropout's reserved random stretches). Batch 2 keeps the reference's loops to seconds.
     */
    @Test
    void theFastBackendGivesTheReferencesOutputsAndGradients() {
        Tensor noise = Tensor.randn(new Generator(3), 2, 100), images = Tensor.randn(new Generator(4), 2, 1, 28, 28);
        FastAndReference.assertAgree("generator", () -> Dcgan.generator(100, 7, 1, new Generator(2)), g -> g.forward(new Variable(noise, false)));
        FastAndReference.assertAgree("discriminator", () -> Dcgan.discriminator(7, 1, new Generator(1)), d -> d.forward(new Variable(images, false)));
    }
}
