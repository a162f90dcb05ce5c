package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Module;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Inverted dropout: in training, each element is zeroed with probability p and the survivors are
 * scaled by 1 / (1 - p), so the expected value is unchanged and evaluation needs no rescaling. In
 * eval mode it is the identity.
 */
public final class Dropout extends Module {
    private final double p;
    private final Generator generator;

    public Dropout(double p) {
        this(p, Generator.global());
    }

    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0) return x;
        Tensor mask = Tensor.bernoulli(1 - p, generator, x.data().dims()).to(x.data().dtype());
        if (!mask.device().equals(x.data().device())) mask = mask.to(x.data().device());
        return x.mul(new Variable(mask.mul(1 / (1 - p)), false));
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
