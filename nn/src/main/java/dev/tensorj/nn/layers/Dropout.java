package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors are
 * scaled by 1 / (1 - p), so the expected value is unchanged and evaluation needs no rescaling. In
 * eval mode it is the identity.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Generator generator;

    /** Drops with probability {@code p} in [0, 1), drawing the masks from the global generator. */
    public Dropout(double p) {
        this(p, Generator.global());
    }

    /** Drops with probability {@code p} in [0, 1), drawing the masks from {@code generator} (seed it for reproducible runs). */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Variable forward(Variable x) {
        return F.dropout(x, p, isTraining(), generator);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
