package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;

import java.util.Arrays;

/**
 * Reorders the axes, batch axis included (PyTorch's {@code permute}; Keras' {@code Permute((2, 1))}
 * is {@code new Permute(0, 2, 1)} here). The usual use: an embedded sequence [B, T, E] (Keras' "channels
 * last") becomes [B, E, T] for Conv1d and back again for an LSTM.
 */
public final class Permute extends Layer {
    private final int[] order;

    /** The new order of all axes, batch axis included: output axis i is input axis {@code order[i]}. */
    public Permute(int... order) {
        this.order = order.clone();
    }

    @Override
    public Variable forward(Variable x) {
        if (x.data().rank() != order.length) {
            throw new IllegalArgumentException("Permute" + Arrays.toString(order) + ": expects a rank-" + order.length + " input, got " + x.data().shape());
        }
        return x.permute(order);
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(order);
    }
}
