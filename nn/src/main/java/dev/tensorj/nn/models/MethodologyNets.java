package dev.tensorj.nn.models;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;

/**
 * The networks of the course's methodology notebook, for 28 x 28 grey digits and 10 classes, with
 * PyTorch's default initialisation. The dense ones take flattened images [N, 784], the CNN [N, 1, 28, 28];
 * all return logits.
 */
public final class MethodologyNets {
    private MethodologyNets() {
    }

    /** The metrics exercise's MLP: 784 → 100, ReLU → 10. */
    public static Layer mlp100(Generator g) {
        return new Sequential(new Linear(784, 100, true, g), Activation.relu(), new Linear(100, 10, true, g));
    }

    /** The underfitting model: a single linear layer 784 → 10 (softmax regression). */
    public static Layer linear(Generator g) {
        return new Sequential(new Linear(784, 10, true, g));
    }

    /** The overfitting model: six hidden layers of 60 with ReLU, 784 → 60 → ... → 60 → 10. */
    public static Layer deep(Generator g) {
        Sequential net = new Sequential(new Linear(784, 60, true, g), Activation.relu());
        for (int i = 1; i < 6; i++) net.add(new Linear(60, 60, true, g)).add(Activation.relu());
        return net.add(new Linear(60, 10, true, g));
    }

    /** The batch-size study's MLP: 784 → 50 → 50 → 50 → 10 with tanh after every hidden layer. */
    public static Layer tanhMlp(Generator g) {
        return new Sequential(new Linear(784, 50, true, g), Activation.tanh(), new Linear(50, 50, true, g), Activation.tanh(),
                new Linear(50, 50, true, g), Activation.tanh(), new Linear(50, 10, true, g));
    }

    /**
     * The notebook's CNN: conv 1→16 5x5 padding 2, ReLU, maxpool 2; conv 16→32 5x5 padding 2, ReLU,
     * maxpool 2; flatten; Dropout 0.2; Linear 1568 → 10. Layer 0 is the first convolution.
     */
    public static Sequential cnn(Generator g) {
        ConvOptions pad2 = ConvOptions.defaults().padding(2);
        return new Sequential(
                new Conv2d(1, 16, 5, pad2, true, g), Activation.relu(), Pooling.maxPool2d(2),
                new Conv2d(16, 32, 5, pad2, true, g), Activation.relu(), Pooling.maxPool2d(2),
                new Flatten(), new Dropout(0.2, g), new Linear(32 * 7 * 7, 10, true, g));
    }
}
