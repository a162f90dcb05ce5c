package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.init.Init;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.AdaptivePooling;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;

import java.util.ArrayList;
import java.util.List;

/**
 * VGG (Simonyan and Zisserman 2015) as torchvision's {@code vgg16()} (and {@code vgg11/13/19}, with or
 * without batch norm), with its {@code state_dict} names, so torchvision's {@code vgg16-397923af.pth}
 * loads with {@code TorchCheckpoint.loadInto(model, file, true)}:
 * <pre>
 *   features:   3x3 convolutions (padding 1) each followed by ReLU (and BatchNorm before it in the _bn
 *               variants), a 2x2 max pooling after each stage; VGG16's stages: 64, 64 | 128, 128 |
 *               256 x 3 | 512 x 3 | 512 x 3 (keys features.0, features.2, features.5, ... features.28)
 *   avgpool:    adaptive average to 7x7, then flatten (25088 features)
 *   classifier: 0 linear 25088->4096, 1 relu, 2 dropout 0.5, 3 linear 4096->4096, 4 relu, 5 dropout 0.5,
 *               6 linear 4096->classes
 * </pre>
 * VGG16 has 138.4 M parameters for 1000 classes. Input [N, 3, H, W], H and W at least 32 (ImageNet:
 * 224). Initialisation follows torchvision: convolutions Kaiming normal in fan-out mode with zero bias,
 * BatchNorm weight 1 and bias 0, linear layers N(0, 0.01) with zero bias.
 */
public final class VGG extends Layer {
    /** Channels per convolution, 0 for a max pooling: torchvision's configurations A, B, D, E. */
    private static final int[] VGG11 = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    private static final int[] VGG13 = {64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    private static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
    private static final int[] VGG19 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

    /** The convolutional trunk ({@code features.*}) and the fully connected head ({@code classifier.*}). */
    public final Sequential features, classifier;
    private final String variant;

    private VGG(String variant, int[] config, boolean batchNorm, int numClasses, double dropout, Generator generator) {
        this.variant = variant;
        List<Layer> layers = new ArrayList<>();
        int in = 3;
        for (int channels : config) {
            if (channels == 0) {
                layers.add(Pooling.maxPool2d(2));
                continue;
            }
            Conv2d conv = new Conv2d(in, channels, 3, ConvOptions.defaults().padding(1), true, generator);
            Init.normal(conv.weight.data(), 0, Math.sqrt(2.0 / Init.fanOut(conv.weight.data().dims())), generator);
            Init.zeros(conv.bias.data());
            layers.add(conv);
            if (batchNorm) layers.add(new BatchNorm(channels));
            layers.add(Activation.relu());
            in = channels;
        }
        features = registerLayer("features", new Sequential(layers.toArray(Layer[]::new)));
        registerLayer("avgpool", AdaptivePooling.adaptiveAvgPool2d(7, 7));
        registerLayer("flatten", new Flatten()); // torch.flatten(x, 1) in torchvision's forward; holds no state
        classifier = registerLayer("classifier", new Sequential(
                linear(512 * 7 * 7, 4096, generator), Activation.relu(), new Dropout(dropout, generator),
                linear(4096, 4096, generator), Activation.relu(), new Dropout(dropout, generator),
                linear(4096, numClasses, generator)));
    }

    private static Linear linear(int in, int out, Generator generator) {
        Linear linear = new Linear(in, out, true, generator);
        Init.normal(linear.weight.data(), 0, 0.01, generator);
        Init.zeros(linear.bias.data());
        return linear;
    }

    /** torchvision's {@code vgg16(num_classes=numClasses)} (configuration D, no batch norm). */
    public static VGG vgg16(int numClasses, Generator generator) {
        return new VGG("VGG16", VGG16, false, numClasses, 0.5, generator);
    }

    /** torchvision's {@code vgg16_bn}. */
    public static VGG vgg16Bn(int numClasses, Generator generator) {
        return new VGG("VGG16_BN", VGG16, true, numClasses, 0.5, generator);
    }

    /** torchvision's {@code vgg11}, {@code vgg13} or {@code vgg19} (depth 11, 13, 19), with or without batch norm. */
    public static VGG vgg(int depth, boolean batchNorm, int numClasses, Generator generator) {
        int[] config = switch (depth) {
            case 11 -> VGG11;
            case 13 -> VGG13;
            case 16 -> VGG16;
            case 19 -> VGG19;
            default -> throw new IllegalArgumentException("VGG: depth must be 11, 13, 16 or 19, got " + depth);
        };
        return new VGG("VGG" + depth + (batchNorm ? "_BN" : ""), config, batchNorm, numClasses, 0.5, generator);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.data().rank() != 4 || x.data().size(1) != 3) throw new IllegalArgumentException(variant + ": expects images [N, 3, H, W], got " + x.data().shape());
        Variable out = x;
        for (Layer child : children().values()) out = child.forward(out);
        return out;
    }

    @Override
    protected boolean childrenFormAChain() {
        return true;
    }

    @Override
    public String name() {
        return variant;
    }
}
