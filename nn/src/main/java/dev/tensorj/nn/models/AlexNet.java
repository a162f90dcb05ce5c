package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.PoolOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.AdaptivePooling;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;

/**
 * AlexNet (Krizhevsky et al. 2012, the one-GPU variant of Krizhevsky 2014) as torchvision's
 * {@code alexnet()}, with its {@code state_dict} names, so torchvision's {@code alexnet-owt-7be5be79.pth}
 * loads with {@code TorchCheckpoint.loadInto(model, file, true)}:
 * <pre>
 *   features:   0 conv 3->64 11x11 stride 4 pad 2, 1 relu, 2 maxpool 3x3 stride 2,
 *               3 conv 64->192 5x5 pad 2,          4 relu, 5 maxpool 3x3 stride 2,
 *               6 conv 192->384 3x3 pad 1, 7 relu, 8 conv 384->256 3x3 pad 1, 9 relu,
 *              10 conv 256->256 3x3 pad 1, 11 relu, 12 maxpool 3x3 stride 2
 *   avgpool:    adaptive average to 6x6, then flatten (9216 features)
 *   classifier: 0 dropout 0.5, 1 linear 9216->4096, 2 relu, 3 dropout 0.5, 4 linear 4096->4096, 5 relu,
 *               6 linear 4096->classes
 * </pre>
 * 61.1 M parameters for 1000 classes. Input [N, 3, H, W], H and W at least 63 (ImageNet: 224).
 * Initialisation is PyTorch's default for each layer, as torchvision's.
 */
public final class AlexNet extends Layer {
    /** The convolutional trunk ({@code features.*}) and the fully connected head ({@code classifier.*}). */
    public final Sequential features, classifier;

    /** AlexNet with {@code numClasses} outputs and the given dropout probability, initialised from {@code generator}. */
    public AlexNet(int numClasses, double dropout, Generator generator) {
        features = registerLayer("features", new Sequential(
                conv(3, 64, 11, 4, 2, generator), Activation.relu(), Pooling.maxPool2d(PoolOptions.kernel(3).stride(2)),
                conv(64, 192, 5, 1, 2, generator), Activation.relu(), Pooling.maxPool2d(PoolOptions.kernel(3).stride(2)),
                conv(192, 384, 3, 1, 1, generator), Activation.relu(),
                conv(384, 256, 3, 1, 1, generator), Activation.relu(),
                conv(256, 256, 3, 1, 1, generator), Activation.relu(), Pooling.maxPool2d(PoolOptions.kernel(3).stride(2))));
        registerLayer("avgpool", AdaptivePooling.adaptiveAvgPool2d(6, 6));
        registerLayer("flatten", new Flatten()); // torch.flatten(x, 1) in torchvision's forward; holds no state
        classifier = registerLayer("classifier", new Sequential(
                new Dropout(dropout, generator), new Linear(256 * 6 * 6, 4096, true, generator), Activation.relu(),
                new Dropout(dropout, generator), new Linear(4096, 4096, true, generator), Activation.relu(),
                new Linear(4096, numClasses, true, generator)));
    }

    /** torchvision's {@code alexnet(num_classes=numClasses)}: dropout 0.5. */
    public static AlexNet alexnet(int numClasses, Generator generator) {
        return new AlexNet(numClasses, 0.5, generator);
    }

    private static Conv2d conv(int in, int out, int kernel, int stride, int padding, Generator generator) {
        return new Conv2d(in, out, kernel, ConvOptions.defaults().stride(stride).padding(padding), true, generator);
    }

    @Override
    public Variable forward(Variable x) {
        if (x.data().rank() != 4 || x.data().size(1) != 3) throw new IllegalArgumentException("AlexNet: expects images [N, 3, H, W], got " + x.data().shape());
        Variable out = x;
        for (Layer child : children().values()) out = child.forward(out);
        return out;
    }

    @Override
    protected boolean childrenFormAChain() {
        return true;
    }
}
