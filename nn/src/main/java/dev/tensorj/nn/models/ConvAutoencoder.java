package dev.tensorj.nn.models;

import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;

/**
 * The course's convolutional autoencoder on MNIST: encoder conv 64, conv 32, maxpool, conv 16, maxpool
 * (28x28x1 → 7x7x16 embedding); decoder upsample, conv 32, upsample, conv 64, conv 1; all convs 3x3
 * 'same', ReLU after each but the last. The encoder, the decoder and the autoencoder are three models
 * sharing the same layers (the autoencoder is {@code Sequential(encoder, decoder)}).
 *
 * <p>Why the last conv has no sigmoid: with a sigmoid and MSE this network collapsed to black images in
 * every run here (PyTorch's default init or Keras' Glorot, lr 1e-4 to 1e-3, batch 128 or 1000). Four
 * pixels in five are black, so the first gradients push every output down; Adam moves every weight of
 * every layer by about lr per step in the same direction, and within 20 steps all the last layer's
 * pre-activations are below -7, where the sigmoid's slope is under 1e-3 and the strokes cannot pull
 * them back. Linear outputs regress the pixels directly and learn; the decoded images are clipped to
 * [0, 1] when they are drawn.
 */
public final class ConvAutoencoder {
    /** 28x28x1 images [N, 1, 28, 28] to the 7x7x16 embedding [N, 16, 7, 7]. */
    public final Sequential encoder;
    /** The embedding [N, 16, 7, 7] back to images [N, 1, 28, 28] (linear outputs, not squashed to [0, 1]). */
    public final Sequential decoder;
    /** The encoder then the decoder, the model trained with MSE against its input. */
    public final Sequential autoencoder;

    /** Builds the three models on one set of layers, weights drawn from {@code g}. */
    public ConvAutoencoder(Generator g) {
        encoder = new Sequential(
                Conv2d.same(1, 64, 3, g), Activation.relu(),
                Conv2d.same(64, 32, 3, g), Activation.relu(), Pooling.maxPool2d(2),
                Conv2d.same(32, 16, 3, g), Activation.relu(), Pooling.maxPool2d(2));
        decoder = new Sequential(
                Pooling.upSampling2d(2), Conv2d.same(16, 32, 3, g), Activation.relu(),
                Pooling.upSampling2d(2), Conv2d.same(32, 64, 3, g), Activation.relu(),
                Conv2d.same(64, 1, 3, g));
        autoencoder = new Sequential(encoder, decoder);
    }
}
