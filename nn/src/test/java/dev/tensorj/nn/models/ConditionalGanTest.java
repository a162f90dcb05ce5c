package dev.tensorj.nn.models;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The notebook's conditional GAN: shapes 7 → 14 → 28, Keras' parameter counts, TensorFlow's 'same' padding of the strided
 * convolutions, and the fast CPU backend's outputs and gradients equal to the reference's.
 */
class ConditionalGanTest {
    private static long count(Layer m) {
        return m.parameters().stream().mapToLong(p -> p.data().numel()).sum();
    }

    @Test
    void generatorUpsamples7To14To28AndHasKerasParameterCount() {
        TwoInputModel g = ConditionalGan.generator(100, 10, new Generator(1));
        Tensor noise = Tensor.randn(new Generator(2), 3, 100);
        Tensor labels = Tensor.fromArray(new long[] {0, 4, 9}, 3);
        Variable joined = Variable.concat(1, g.firstBranch().forward(new Variable(noise, false)), g.secondBranch().forward(new Variable(labels, false)));
        assertArrayEquals(new int[] {3, 257, 7, 7}, joined.data().dims());
        var trunk = (dev.tensorj.nn.Sequential) g.trunk();
        Variable x = joined;
        int[] sides = {14, 14, 28, 28, 28, 28};
        for (int i = 0; i < sides.length; i++) {
            x = trunk.get(i).forward(x);
            assertEquals(sides[i], x.data().size(2), "after trunk layer " + i);
        }
        Tensor images = g.forward(new Variable(noise, false), new Variable(labels, false)).data();
        assertArrayEquals(new int[] {3, 1, 28, 28}, images.dims());
        for (float v : images.toFloatArray()) assertTrue(v >= -1 && v <= 1, "tanh range");
        // Keras: Embedding 500 + Dense(49) 2,499 + Dense(12,544) 1,266,944 + 526,464 + 262,272 + 6,273
        assertEquals(2_064_952, count(g));
    }

    @Test
    void discriminatorGivesOneLogitAndHasKerasParameterCount() {
        TwoInputModel d = ConditionalGan.discriminator(10, new Generator(1));
        Tensor images = Tensor.randn(new Generator(2), 2, 1, 28, 28);
        Variable logits = d.forward(new Variable(images, false), new Variable(Tensor.zeros(DType.INT64, 2), false));
        assertArrayEquals(new int[] {2, 1}, logits.data().dims());
        // Keras: Embedding 500 + Dense(784) 39,984 + Conv 2,432 + Conv 147,584 + Dense(1) 6,273
        assertEquals(196_773, count(d));
    }

    @Test
    void strideTwoSamePadsOnlyBottomAndRightAsTensorFlowDoes() {
        Tensor ones = Tensor.ones(1, 1, 4, 4);
        float[] padded = ConditionalGan.padBottomRight().forward(new Variable(ones, false)).data().contiguous().toFloatArray();
        assertEquals(25, padded.length);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) assertEquals(y < 4 && x < 4 ? 1f : 0f, padded[y * 5 + x], "(" + y + ", " + x + ")");
        }
    }

    @Test
    void usesKerasInitialisation() {
        TwoInputModel g = ConditionalGan.generator(100, 10, new Generator(1));
        var last = (dev.tensorj.nn.layers.ConvTranspose2d) ((dev.tensorj.nn.Sequential) g.trunk()).get(4);
        double bound = Math.sqrt(6.0 / (49 + 49 * 128));
        for (float w : last.weight.data().contiguous().toFloatArray()) assertTrue(Math.abs(w) <= bound + 1e-7, "Glorot bound " + bound + ", got " + w);
        for (float b : last.bias.data().toFloatArray()) assertEquals(0f, b);
        var embedding = (dev.tensorj.nn.layers.Embedding) ((dev.tensorj.nn.Sequential) g.secondBranch()).get(0);
        for (float w : embedding.weight.data().contiguous().toFloatArray()) assertTrue(Math.abs(w) <= 0.05f);
    }

    /**
     * Both two-input networks on the fast CPU backend and on the reference ({@link FastAndReference}): the label
     * branches (embedding, Dense, reshape), the concatenation, the 4x4 stride-2 transposed convolutions on the
     * channels-last route, TensorFlow's bottom-right padding and the strided convolutions. Batch 2.
     */
    @Test
    void theFastBackendGivesTheReferencesOutputsAndGradients() {
        Tensor noise = Tensor.randn(new Generator(3), 2, 100), images = Tensor.randn(new Generator(4), 2, 1, 28, 28);
        Tensor labels = Tensor.fromArray(new long[] {3, 9}, 2);
        FastAndReference.assertAgree("cGAN generator", () -> ConditionalGan.generator(100, 10, new Generator(1)),
                g -> g.forward(new Variable(noise, false), new Variable(labels, false)));
        FastAndReference.assertAgree("cGAN discriminator", () -> ConditionalGan.discriminator(10, new Generator(2)),
                d -> d.forward(new Variable(images, false), new Variable(labels, false)));
    }
}
