package dev.tensorj.nn.models;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.tensor.Generator;

/** The course's MNIST / Fashion-MNIST multilayer perceptron: 784 → hidden (ReLU) → 10 logits, Keras' Glorot initialisation. */
public final class Mlp {
    private Mlp() {
    }

    /** The network for flattened 28x28 images [N, 784] with {@code hidden} units, weights drawn from {@code g}; outputs [N, 10] logits. */
    public static Layer of(int hidden, Generator g) {
        return new Sequential(Linear.glorot(784, hidden, true, g), Activation.relu(), Linear.glorot(hidden, 10, true, g));
    }
}
