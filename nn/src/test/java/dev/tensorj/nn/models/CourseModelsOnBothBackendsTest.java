package dev.tensorj.nn.models;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The course's image models on the fast CPU backend and on the reference ({@link FastAndReference}: one training-mode
 * forward and backward, the output and every parameter's gradient compared), small batches so the reference's loops
 * take seconds. C1 runs the implicit-GEMM 3x3 convolutions, C2 the Winograd ones with batch norm on maps and a
 * 25088-wide Dense layer with dropout, the autoencoder its upsampling, the MLP the blocked GEMM.
 */
class CourseModelsOnBothBackendsTest {
    private static final Tensor IMAGES = Tensor.randn(new Generator(4), 2, 1, 28, 28);

    @Test
    void c1() {
        FastAndReference.assertAgree("C1", () -> FashionCnn.c1(new Generator(1)), m -> m.forward(new Variable(IMAGES, false)));
    }

    @Test
    void c2() {
        FastAndReference.assertAgree("C2", () -> FashionCnn.c2(new Generator(1)), m -> m.forward(new Variable(IMAGES, false)));
    }

    @Test
    void convAutoencoder() {
        FastAndReference.assertAgree("autoencoder", () -> new ConvAutoencoder(new Generator(1)).autoencoder, m -> m.forward(new Variable(IMAGES, false)));
    }

    @Test
    void mlp() {
        Tensor flat = IMAGES.reshape(2, 784);
        FastAndReference.assertAgree("MLP 784-512-10", () -> Mlp.of(512, new Generator(1)), m -> m.forward(new Variable(flat, false)));
    }
}
