package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * A fully connected layer (Keras' Dense): y = x W^T + b, with W of shape [out, in] (PyTorch's layout,
 * so weights exchange with PyTorch unchanged). Input [..., in], output [..., out].
 *
 * <p>Initialisation follows PyTorch: W and b from U(-1/sqrt(in), 1/sqrt(in)) (Kaiming uniform with
 * a = sqrt(5)). {@link #glorot} gives Keras' default instead (Glorot uniform W, zero b).
 */
public final class Linear extends Layer {
    private final int inFeatures, outFeatures;
    /** The weight W, shape [out, in]. */
    public final Variable weight;
    /** The bias b, shape [out]; null without bias. */
    public final Variable bias;

    /** {@code nn.Linear(in, out)}: with bias, PyTorch's initialisation, from the global generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.global());
    }

    /** {@code bias} false leaves b out; {@code generator} draws the initial values. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Generator generator) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: feature counts must be positive, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Init.kaimingUniform(Tensor.zeros(outFeatures, inFeatures), Math.sqrt(5), generator));
        double bound = 1 / Math.sqrt(inFeatures);
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outFeatures), -bound, bound, generator)) : null;
    }

    /** Keras' Dense initialisation: Glorot-uniform weight, zero bias. */
    public static Linear glorot(int inFeatures, int outFeatures, boolean bias, Generator generator) {
        Linear layer = new Linear(inFeatures, outFeatures, bias, generator);
        Init.glorotUniform(layer.weight.data(), 1.0, generator);
        if (bias) layer.bias.data().zero();
        return layer;
    }

    @Override
    public Variable forward(Variable x) {
        int last = x.data().rank() == 0 ? -1 : x.data().size(-1);
        if (last != inFeatures) {
            throw new IllegalArgumentException("Linear: expects input [..., " + inFeatures + "], got " + java.util.Arrays.toString(x.data().dims()));
        }
        return F.linear(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in=" + inFeatures + ", out=" + outFeatures + ", bias=" + (bias != null);
    }
}
