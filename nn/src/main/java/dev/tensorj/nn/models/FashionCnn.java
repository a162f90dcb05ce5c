package dev.tensorj.nn.models;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;

/** The course's two Fashion-MNIST CNNs, for 28 x 28 grey images and 10 classes. */
public final class FashionCnn {
    private FashionCnn() {
    }

    /**
     * C1, the small one: conv 1→6 3x3, ReLU, maxpool 2; conv 6→10 3x3, ReLU, BatchNorm, maxpool 2;
     * dense 250→128, ReLU, dense 128→10 (logits). 33,968 parameters.
     */
    public static Layer c1(Generator g) {
        return new Sequential(
                Conv2d.valid(1, 6, 3, 1, g), Activation.relu(), Pooling.maxPool2d(2),
                Conv2d.valid(6, 10, 3, 1, g), Activation.relu(), new BatchNorm(10), Pooling.maxPool2d(2),
                new Flatten(), new Linear(250, 128, true, g), Activation.relu(), new Linear(128, 10, true, g));
    }

    /**
     * C2, the large one: three 3x3 'same' convolutions 1→112→64→128, each with BatchNorm and ReLU;
     * maxpool 2; dense 25088→208→160→128→10 with ReLU and Dropout 0.1 between.
     */
    public static Layer c2(Generator g) {
        return new Sequential(
                Conv2d.same(1, 112, 3, g), new BatchNorm(112), Activation.relu(),
                Conv2d.same(112, 64, 3, g), new BatchNorm(64), Activation.relu(),
                Conv2d.same(64, 128, 3, g), new BatchNorm(128), Activation.relu(),
                Pooling.maxPool2d(2), new Flatten(),
                new Linear(25088, 208, true, g), Activation.relu(), new Dropout(0.1, g),
                new Linear(208, 160, true, g), Activation.relu(), new Dropout(0.1, g),
                new Linear(160, 128, true, g), Activation.relu(), new Dropout(0.1, g),
                new Linear(128, 10, true, g));
    }
}
