package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.init.Init;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.ConvTranspose2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.tensor.Generator;

/**
 * The DCGAN of TensorFlow's tutorial, layer for layer, for square images of side {@code 4 * start}
 * (start 7: MNIST's 28 x 28; start 8: CIFAR-10's 32 x 32).
 * <pre>
 *   generator:     Dense(latent → start·start·256, no bias), BN, LeakyReLU,
 *                  Reshape(256, start, start),
 *                  Conv2DTranspose(128, 5x5, stride 1, 'same', no bias), BN, LeakyReLU,
 *                  Conv2DTranspose( 64, 5x5, stride 2, 'same', no bias), BN, LeakyReLU,     → 2·start
 *                  Conv2DTranspose(channels, 5x5, stride 2, 'same', no bias), tanh          → 4·start
 *   discriminator: Conv2D(64, 5x5, stride 2, 'same'), LeakyReLU, Dropout(0.3),
 *                  Conv2D(128, 5x5, stride 2, 'same'), LeakyReLU, Dropout(0.3),
 *                  Flatten, Dense(1)                                                         (a logit)
 * </pre>
 * Keras' LeakyReLU slope is 0.3 and its initialisation is used, as in the tutorial: Glorot-uniform
 * kernels, zero biases. (With PyTorch's default initialisation the discriminator won within 150 steps —
 * its loss 1.39 → 0.06 at batch 64 — in tensorj and in PyTorch 1.13 alike; with Keras' it stayed
 * near 0.7–1.3.) BatchNorm keeps PyTorch's momentum 0.1, which lets the running statistics that
 * sampling in eval mode uses settle within a short run. Images are channels-first [N, C, H, W] in [-1, 1].
 */
public final class Dcgan {
    /** Keras' default LeakyReLU slope. */
    public static final double LEAKY_SLOPE = 0.3;

    private Dcgan() {
    }

    /** The generator: noise [N, latentDim] to images [N, channels, 4·start, 4·start] in [-1, 1], Keras' initialisation from {@code g}. */
    public static Sequential generator(int latentDim, int start, int channels, Generator g) {
        return kerasInit(new Sequential(
                new Linear(latentDim, start * start * 256, false, g), new BatchNorm(start * start * 256), Activation.leakyRelu(LEAKY_SLOPE),
                new Reshape(256, start, start),
                ConvTranspose2d.kerasSame(256, 128, 5, 1, false, g), new BatchNorm(128), Activation.leakyRelu(LEAKY_SLOPE),
                ConvTranspose2d.kerasSame(128, 64, 5, 2, false, g), new BatchNorm(64), Activation.leakyRelu(LEAKY_SLOPE),
                ConvTranspose2d.kerasSame(64, channels, 5, 2, false, g), Activation.tanh()), g);
    }

    /** The discriminator: images [N, channels, 4·start, 4·start] to one logit per image [N, 1], Keras' initialisation from {@code g}. */
    public static Sequential discriminator(int start, int channels, Generator g) {
        return kerasInit(new Sequential(
                stridedSame(channels, 64, g), Activation.leakyRelu(LEAKY_SLOPE), new Dropout(0.3, g),
                stridedSame(64, 128, g), Activation.leakyRelu(LEAKY_SLOPE), new Dropout(0.3, g),
                new Flatten(), new Linear(128 * start * start, 1, true, g)), g);
    }

    /** Keras' defaults for Dense, Conv2D and Conv2DTranspose: Glorot-uniform kernels, zero biases. */
    static Sequential kerasInit(Sequential model, Generator g) {
        for (Layer layer : model.children().values()) {
            Variable weight = null, bias = null;
            if (layer instanceof Linear l) { weight = l.weight; bias = l.bias; }
            if (layer instanceof Conv2d c) { weight = c.weight; bias = c.bias; }
            if (layer instanceof ConvTranspose2d t) { weight = t.weight; bias = t.bias; }
            if (weight != null) Init.glorotUniform(weight.data(), 1.0, g);
            if (bias != null) bias.data().zero();
        }
        return model;
    }

    /** Keras Conv2D(5x5, strides=2, padding='same') on an even side: half the side (padding 2). */
    private static Conv2d stridedSame(int in, int out, Generator g) {
        return new Conv2d(in, out, 5, ConvOptions.defaults().stride(2).padding(2), true, g);
    }
}
