package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;

import java.util.Arrays;

/**
 * Keras' Concatenate: joins several inputs along one axis (by default axis 1, the channels of
 * [N, C, H, W] maps), e.g. a 7x7 label map with the 7x7 noise maps of a conditional GAN's generator.
 * The gradient splits back into the parts (see {@code Movement.concat}).
 */
public final class Concatenate extends Layer {
    private final int axis;

    /** Along the channel axis (1). */
    public Concatenate() {
        this(1);
    }

    /** Along {@code axis}; negative axes count from the end of the inputs' rank. */
    public Concatenate(int axis) {
        this.axis = axis;
    }

    @Override
    public Variable forward(Variable input) {
        throw new IllegalArgumentException("Concatenate: needs at least two inputs, got one of shape " + Arrays.toString(input.data().dims()));
    }

    @Override
    public Variable forward(Variable... inputs) {
        if (inputs.length < 2) throw new IllegalArgumentException("Concatenate: needs at least two inputs, got " + inputs.length);
        int rank = inputs[0].data().rank();
        int at = axis < 0 ? axis + rank : axis;
        for (Variable v : inputs) {
            int[] dims = v.data().dims();
            boolean fits = dims.length == rank && at >= 0 && at < rank;
            for (int d = 0; fits && d < rank; d++) fits = d == at || dims[d] == inputs[0].data().size(d);
            if (!fits) {
                StringBuilder shapes = new StringBuilder();
                for (Variable u : inputs) shapes.append(' ').append(Arrays.toString(u.data().dims()));
                throw new IllegalArgumentException("Concatenate: inputs must have the same rank and agree on every axis but " + axis + ", got" + shapes);
            }
        }
        return Variable.concat(at, inputs);
    }

    @Override
    protected String extraRepr() {
        return "axis=" + axis;
    }
}
