package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.Concatenate;
import dev.tensorj.tensor.Tensor;

/**
 * A model with two inputs, written like a small Keras functional graph: each input goes through its
 * own branch, the two results are joined along the channel axis, and a trunk maps the joined maps to
 * the output.
 * <pre>
 *   first  ──► firstBranch  ──┐
 *                             ├─► Concatenate(axis 1) ──► trunk ──► output
 *   second ──► secondBranch ──┘
 * </pre>
 * A conditional GAN's generator is one (noise → Dense → 7x7x256 maps, label → Embedding → Dense →
 * one 7x7 map, trunk of transposed convolutions), and so is its discriminator (the image as it is,
 * label → one 28x28 map, trunk of convolutions). Parameters are named {@code first.*},
 * {@code second.*} and {@code trunk.*}. A branch may be the {@link #identity()}.
 */
public final class TwoInputModel extends Layer {
    private final Layer firstBranch;
    private final Layer secondBranch;
    private final Concatenate join;
    private final Layer trunk;

    /** Registers the branches as {@code first} and {@code second} and the trunk as {@code trunk}; the join is along axis 1. */
    public TwoInputModel(Layer firstBranch, Layer secondBranch, Layer trunk) {
        this.firstBranch = registerLayer("first", firstBranch);
        this.secondBranch = registerLayer("second", secondBranch);
        this.join = registerLayer("concatenate", new Concatenate(1));
        this.trunk = registerLayer("trunk", trunk);
    }

    /** A branch that passes its input on unchanged. */
    public static Layer identity() {
        return new Sequential();
    }

    /** The layer the first input goes through. */
    public Layer firstBranch() {
        return firstBranch;
    }

    /** The layer the second input goes through. */
    public Layer secondBranch() {
        return secondBranch;
    }

    /** The layer that maps the joined branches to the output. */
    public Layer trunk() {
        return trunk;
    }

    @Override
    public Variable forward(Variable input) {
        throw new IllegalArgumentException("TwoInputModel: takes two inputs (forward(first, second)), got one of shape " + shapeOf(input));
    }

    @Override
    public Variable forward(Variable... inputs) {
        if (inputs.length != 2) throw new IllegalArgumentException("TwoInputModel: takes two inputs, got " + inputs.length);
        Variable joined = join.forward(Layers.call(firstBranch, "first", inputs[0]), Layers.call(secondBranch, "second", inputs[1]));
        return Layers.call(trunk, "trunk", joined);
    }

    /**
     * Keras' summary for sample inputs with a batch axis (e.g. {@code Tensor.zeros(1, 100)} and an
     * INT64 {@code Tensor.zeros(DType.INT64, 1)}): the layers of each branch, the join and the trunk.
     */
    public String summary(Tensor firstSample, Tensor secondSample) {
        return Summary.ofTwoInputs(this, firstSample, secondSample);
    }
}
