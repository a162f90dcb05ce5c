package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;

import java.util.Arrays;

/** Reshapes each sample, keeping the batch axis: [N, ...] to [N, shape...] (one size may be -1). */
public final class Reshape extends Layer {
    private final int[] shape;

    /** The per-sample target shape (the batch axis is kept in front); one size may be -1 and is inferred. */
    public Reshape(int... shape) {
        this.shape = shape.clone();
    }

    @Override
    public Variable forward(Variable x) {
        int[] target = new int[shape.length + 1];
        target[0] = x.data().size(0);
        System.arraycopy(shape, 0, target, 1, shape.length);
        return x.reshape(target);
    }

    @Override
    protected String extraRepr() {
        return Arrays.toString(shape);
    }
}
