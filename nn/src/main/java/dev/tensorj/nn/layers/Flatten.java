package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;

/** Flattens every axis but the batch axis: [N, d1, d2, ...] to [N, d1 * d2 * ...]. */
public final class Flatten extends Layer {
    @Override
    public Variable forward(Variable x) {
        if (x.data().rank() < 2) throw new IllegalArgumentException("Flatten: expects [N, ...] with rank >= 2, got " + java.util.Arrays.toString(x.data().dims()));
        return x.flatten(1, -1);
    }
}
