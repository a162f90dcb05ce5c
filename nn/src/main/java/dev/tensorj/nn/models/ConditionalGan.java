package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.FunctionLayer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.nn.Layer;
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
 * The course's conditional GAN for 28 x 28 greyscale images of {@code classes} classes.
 *
 * <p><b>The notebook's networks</b> ({@link #generator(int, int, Generator)},
 * {@link #discriminator(int, Generator)}), layer for layer:
 * <pre>
 *   generator (noise, label):
 *     noise(100) → Dense(7·7·256), LeakyReLU(0.2), Reshape(256, 7, 7)                ┐
 *     label → Embedding(classes, 50), Dense(49), Reshape(1, 7, 7)                     ┴ Concatenate: 257 maps 7x7
 *     → Conv2DTranspose(128, 4x4, stride 2, 'same'), LeakyReLU(0.2)                   → 14 x 14
 *     → Conv2DTranspose(128, 4x4, stride 2, 'same'), LeakyReLU(0.2)                   → 28 x 28
 *     → Conv2DTranspose(1, 7x7, stride 1, 'same'), tanh                               → 28 x 28
 *   discriminator (image, label):
 *     image as it is                                                                  ┐
 *     label → Embedding(classes, 50), Dense(784), Reshape(1, 28, 28)                  ┴ Concatenate: 2 maps 28x28
 *     → Conv2D(128, 3x3, stride 2, 'same'), LeakyReLU(0.2)                            → 14 x 14
 *     → Conv2D(128, 3x3, stride 2, 'same'), LeakyReLU(0.2)                            → 7 x 7
 *     → Flatten, Dropout(0.4), Dense(1)                                               (a logit; Keras' sigmoid sits in the loss)
 * </pre>
 * Keras' {@code 'same'} in PyTorch terms. A transposed convolution with stride s and 'same' gives
 * {@code in · s}; it is the adjoint of a forward 'same' convolution from {@code 2n} to {@code n}, whose
 * total padding TensorFlow computes as {@code max((n − 1)·s + k − 2n, 0)} = 2 for k = 4, s = 2, split
 * 1 before and 1 after: symmetric, so PyTorch's {@code padding = 1, output_padding = 0} is exactly
 * it, {@code (n − 1)·2 − 2·1 + 4 = 2n}: 7 → 14 → 28. The 7x7 stride-1 layer pads 3 on each side. The
 * forward 3x3 stride-2 'same' convolutions need a total padding of {@code (14 − 1)·2 + 3 − 28} = 1
 * (28 → 14) and {@code (7 − 1)·2 + 3 − 14} = 1 (14 → 7), which TensorFlow puts <i>after</i> the image
 * (bottom and right, none before); PyTorch's symmetric {@code padding = 1} gives the same sizes but
 * shifts every window by one pixel, so these layers pad one zero row and column at the bottom and
 * right and then convolve with {@code padding = 0}, as TensorFlow does.
 * Adam with {@link #LEARNING_RATE} and {@link #BETA1} for both networks.
 *
 * <p><b>The DCGAN-trunk variant</b> ({@link #generator(int, int, int, Generator)},
 * {@link #discriminator(int, int, Generator)}; {@code tensorj train cgan-fashion-dcgan}): the DCGAN of
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
    /** The length of the label embedding in both networks (the notebook's 50). */
    public static final int EMBEDDING_DIM = 50;
    /** Adam's learning rate for both networks (2e-4, the DCGAN paper's). */
    public static final double LEARNING_RATE = 2e-4;
    /** Adam's beta1 for both networks (0.5 instead of the default 0.9, as GANs usually use). */
    public static final double BETA1 = 0.5;
    /** The notebook's LeakyReLU slope. */
    public static final double NOTEBOOK_SLOPE = 0.2;

    private ConditionalGan() {
    }

    /** The notebook's generator: (noise [N, latentDim], label [N] INT64) → images [N, 1, 28, 28] in [-1, 1]. */
    public static TwoInputModel generator(int latentDim, int classes, Generator g) {
        Layer noiseBranch = new Sequential(new Linear(latentDim, 7 * 7 * 256, true, g), Activation.leakyRelu(NOTEBOOK_SLOPE), new Reshape(256, 7, 7));
        Layer labelBranch = new Sequential(new Embedding(classes, EMBEDDING_DIM, -1, g), new Linear(EMBEDDING_DIM, 7 * 7, true, g), new Reshape(1, 7, 7));
        Layer trunk = new Sequential(
                new ConvTranspose2d(257, 128, 4, ConvOptions.defaults().stride(2).padding(1), true, g), Activation.leakyRelu(NOTEBOOK_SLOPE),
                new ConvTranspose2d(128, 128, 4, ConvOptions.defaults().stride(2).padding(1), true, g), Activation.leakyRelu(NOTEBOOK_SLOPE),
                ConvTranspose2d.kerasSame(128, 1, 7, 1, true, g), Activation.tanh());
        return kerasInit(new TwoInputModel(noiseBranch, labelBranch, trunk), g);
    }

    /** The notebook's discriminator: (image [N, 1, 28, 28], label [N] INT64) → one logit per image [N, 1]. */
    public static TwoInputModel discriminator(int classes, Generator g) {
        Layer labelBranch = new Sequential(new Embedding(classes, EMBEDDING_DIM, -1, g), new Linear(EMBEDDING_DIM, 28 * 28, true, g), new Reshape(1, 28, 28));
        Layer trunk = new Sequential(
                padBottomRight(), new Conv2d(2, 128, 3, ConvOptions.defaults().stride(2), true, g), Activation.leakyRelu(NOTEBOOK_SLOPE),
                padBottomRight(), new Conv2d(128, 128, 3, ConvOptions.defaults().stride(2), true, g), Activation.leakyRelu(NOTEBOOK_SLOPE),
                new Flatten(), new Dropout(0.4, g), new Linear(128 * 7 * 7, 1, true, g));
        return kerasInit(new TwoInputModel(TwoInputModel.identity(), labelBranch, trunk), g);
    }

    /**
     * Keras' default initialisation, which the notebook's networks train with: Glorot uniform for the
     * kernels of Dense, Conv2D and Conv2DTranspose, zero biases, U(-0.05, 0.05) for Embedding
     * (PyTorch's default would give the final 7x7 transposed convolution weights about 4.5 times larger:
     * bound 1/sqrt(49) against sqrt(6 / (49 + 6272))).
     */
    static <M extends Layer> M kerasInit(M model, Generator g) {
        for (Layer m : model.children().values()) {
            kerasInit(m, g);
            switch (m) {
                case Embedding e -> Init.uniform(e.weight.data(), -0.05, 0.05, g);
                case Linear l -> glorotAndZero(l.weight, l.bias, g);
                case Conv2d c -> glorotAndZero(c.weight, c.bias, g);
                case ConvTranspose2d c -> glorotAndZero(c.weight, c.bias, g);
                default -> { }
            }
        }
        return model;
    }

    private static void glorotAndZero(Variable weight, Variable bias, Generator g) {
        Init.glorotUniform(weight.data(), 1, g);
        if (bias != null) Init.zeros(bias.data());
    }

    /** One zero row at the bottom and one zero column at the right of [N, C, H, W] maps: TensorFlow's 'same' padding for a 3x3 stride-2 convolution of an even size. */
    static Layer padBottomRight() {
        return new FunctionLayer("ZeroPad2d", x -> {
            int[] d = x.data().dims();
            if (d.length != 4) throw new IllegalArgumentException("ZeroPad2d (bottom 1, right 1): expects [N, C, H, W], got " + x.data().shape());
            Variable rows = Variable.concat(2, x, Variable.constant(Tensor.zeros(x.data().dtype(), x.data().device(), d[0], d[1], 1, d[3])));
            return Variable.concat(3, rows, Variable.constant(Tensor.zeros(x.data().dtype(), x.data().device(), d[0], d[1], d[2] + 1, 1)));
        });
    }

    /** The DCGAN-trunk variant's generator (see the class comment). */
    public static TwoInputModel generator(int latentDim, int classes, int width, Generator g) {
        checkWidth(width);
        Layer noiseBranch = new Sequential(
                new Linear(latentDim, 7 * 7 * width, false, g), new BatchNorm(7 * 7 * width), Activation.leakyRelu(LEAKY_SLOPE), new Reshape(width, 7, 7));
        Layer labelBranch = new Sequential(new Embedding(classes, EMBEDDING_DIM, -1, g), new Linear(EMBEDDING_DIM, 7 * 7, true, g), new Reshape(1, 7, 7));
        Layer trunk = new Sequential(
                ConvTranspose2d.kerasSame(width + 1, width / 2, 5, 1, false, g), new BatchNorm(width / 2), Activation.leakyRelu(LEAKY_SLOPE),
                ConvTranspose2d.kerasSame(width / 2, width / 4, 5, 2, false, g), new BatchNorm(width / 4), Activation.leakyRelu(LEAKY_SLOPE),
                ConvTranspose2d.kerasSame(width / 4, 1, 5, 2, false, g), Activation.tanh());
        return new TwoInputModel(noiseBranch, labelBranch, trunk);
    }

    /** The DCGAN-trunk variant's discriminator (see the class comment). */
    public static TwoInputModel discriminator(int classes, int width, Generator g) {
        checkWidth(width);
        Layer labelBranch = new Sequential(new Embedding(classes, EMBEDDING_DIM, -1, g), new Linear(EMBEDDING_DIM, 28 * 28, true, g), new Reshape(1, 28, 28));
        Layer trunk = new Sequential(
                new Conv2d(2, width / 4, 5, ConvOptions.defaults().stride(2).padding(2), true, g), Activation.leakyRelu(LEAKY_SLOPE), new Dropout(0.3, g),
                new Conv2d(width / 4, width / 2, 5, ConvOptions.defaults().stride(2).padding(2), true, g), Activation.leakyRelu(LEAKY_SLOPE), new Dropout(0.3, g),
                new Flatten(), new Linear(width / 2 * 7 * 7, 1, true, g));
        return new TwoInputModel(TwoInputModel.identity(), labelBranch, trunk);
    }

    private static void checkWidth(int width) {
        if (width < 4 || width % 4 != 0) throw new IllegalArgumentException("ConditionalGan: width must be a positive multiple of 4, got " + width);
    }
}
