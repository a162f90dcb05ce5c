package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.nn.Module;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.ConvTranspose2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Embedding;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.tensor.Generator;

import static dev.tensorj.nn.models.Dcgan.LEAKY_SLOPE;

/**
 * The course's conditional GAN for 28 x 28 greyscale images of {@code classes} classes: the DCGAN of
 * {@link Dcgan}, with the class label entering both networks as one extra channel made by
 * Embedding(classes, 50) and a Dense layer. Two-input models ({@link TwoInputModel}):
 * <pre>
 *   generator (noise, label):
 *     noise → Dense(7·7·width, no bias), BN, LeakyReLU, Reshape(width, 7, 7)        ┐
 *     label → Embedding(classes, 50), Dense(7·7), Reshape(1, 7, 7)                  ┴ Concatenate: width + 1 maps 7x7
 *     → Conv2DTranspose(width/2, 5x5, stride 1, 'same', no bias), BN, LeakyReLU
 *     → Conv2DTranspose(width/4, 5x5, stride 2, 'same', no bias), BN, LeakyReLU     → 14 x 14
 *     → Conv2DTranspose(1, 5x5, stride 2, 'same', no bias), tanh                    → 28 x 28
 *   discriminator (image, label):
 *     image as it is                                                                ┐
 *     label → Embedding(classes, 50), Dense(28·28), Reshape(1, 28, 28)              ┴ Concatenate: 2 maps 28x28
 *     → Conv2D(width/4, 5x5, stride 2, 'same'), LeakyReLU, Dropout(0.3)             → 14 x 14
 *     → Conv2D(width/2, 5x5, stride 2, 'same'), LeakyReLU, Dropout(0.3)             → 7 x 7
 *     → Flatten, Dense(1)                                                           (a logit)
 * </pre>
 * Width 256 is the DCGAN tutorial's (256 → 128 → 64 channels); a smaller width trains the same way,
 * faster. Adam with {@link #LEARNING_RATE} and {@link #BETA1} for both networks (the usual cGAN setting).
 */
public final class ConditionalGan {
    public static final int EMBEDDING_DIM = 50;
    public static final double LEARNING_RATE = 2e-4;
    public static final double BETA1 = 0.5;

    private ConditionalGan() {
    }

    public static TwoInputModel generator(int latentDim, int classes, int width, Generator g) {
        checkWidth(width);
        Module noiseBranch = new Sequential(
                new Linear(latentDim, 7 * 7 * width, false, g), new BatchNorm(7 * 7 * width), Activation.leakyRelu(LEAKY_SLOPE), new Reshape(width, 7, 7));
        Module labelBranch = new Sequential(new Embedding(classes, EMBEDDING_DIM, -1, g), new Linear(EMBEDDING_DIM, 7 * 7, true, g), new Reshape(1, 7, 7));
        Module trunk = new Sequential(
                ConvTranspose2d.kerasSame(width + 1, width / 2, 5, 1, false, g), new BatchNorm(width / 2), Activation.leakyRelu(LEAKY_SLOPE),
                ConvTranspose2d.kerasSame(width / 2, width / 4, 5, 2, false, g), new BatchNorm(width / 4), Activation.leakyRelu(LEAKY_SLOPE),
                ConvTranspose2d.kerasSame(width / 4, 1, 5, 2, false, g), Activation.tanh());
        return new TwoInputModel(noiseBranch, labelBranch, trunk);
    }

    public static TwoInputModel discriminator(int classes, int width, Generator g) {
        checkWidth(width);
        Module labelBranch = new Sequential(new Embedding(classes, EMBEDDING_DIM, -1, g), new Linear(EMBEDDING_DIM, 28 * 28, true, g), new Reshape(1, 28, 28));
        Module trunk = new Sequential(
                new Conv2d(2, width / 4, 5, ConvOptions.defaults().stride(2).padding(2), true, g), Activation.leakyRelu(LEAKY_SLOPE), new Dropout(0.3, g),
                new Conv2d(width / 4, width / 2, 5, ConvOptions.defaults().stride(2).padding(2), true, g), Activation.leakyRelu(LEAKY_SLOPE), new Dropout(0.3, g),
                new Flatten(), new Linear(width / 2 * 7 * 7, 1, true, g));
        return new TwoInputModel(TwoInputModel.identity(), labelBranch, trunk);
    }

    private static void checkWidth(int width) {
        if (width < 4 || width % 4 != 0) throw new IllegalArgumentException("ConditionalGan: width must be a positive multiple of 4, got " + width);
    }
}
