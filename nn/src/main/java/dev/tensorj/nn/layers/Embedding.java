package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * A lookup table of learned vectors (Keras' and PyTorch's Embedding): integer indices of any shape
 * [...] become their rows of weight [numEmbeddings, dim], shape [..., dim]. The backward adds each
 * output row's gradient to the table row it came from, so only rows that were looked up change
 * (see {@code Variable.embedding}).
 *
 * <p>Indices are INT64; a floating tensor of whole numbers is accepted and converted (as Keras does),
 * which lets {@code summary()} run on its zero input. Initialisation follows PyTorch: N(0, 1), with the
 * {@code paddingIdx} row (if any) zero and never updated. {@link #keras} gives Keras' U(-0.05, 0.05).
 */
public final class Embedding extends Layer {
    private final int numEmbeddings, dim, paddingIdx;
    /** The table, shape [numEmbeddings, dim]: row i is the vector of index i. */
    public final Variable weight;

    /** A table of {@code numEmbeddings} vectors of length {@code dim}, N(0, 1), no padding row, from the global generator. */
    public Embedding(int numEmbeddings, int dim) {
        this(numEmbeddings, dim, -1, Generator.global());
    }

    /** paddingIdx: a row index whose vector stays zero and gets no gradient, or -1 for none. */
    public Embedding(int numEmbeddings, int dim, int paddingIdx, Generator generator) {
        if (numEmbeddings <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: numEmbeddings and dim must be positive, got " + numEmbeddings + " and " + dim);
        }
        if (paddingIdx < -1 || paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("Embedding: paddingIdx must be -1 or in [0, " + numEmbeddings + "), got " + paddingIdx);
        }
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.paddingIdx = paddingIdx;
        Tensor table = Init.normal(Tensor.zeros(numEmbeddings, dim), 0, 1, generator);
        if (paddingIdx >= 0) table.select(0, paddingIdx).zero();
        this.weight = registerParameter("weight", table);
    }

    /** Keras' initialisation: U(-0.05, 0.05), no padding row. */
    public static Embedding keras(int numEmbeddings, int dim, Generator generator) {
        Embedding layer = new Embedding(numEmbeddings, dim, -1, generator);
        Init.uniform(layer.weight.data(), -0.05, 0.05, generator);
        return layer;
    }

    @Override
    public Variable forward(Variable indices) {
        Tensor index = indices.data();
        if (index.dtype() != DType.INT64) {
            if (!index.dtype().isFloatingPoint()) throw new IllegalArgumentException("Embedding: expects integer indices, got " + index.dtype());
            index = index.to(DType.INT64);
        }
        return F.embedding(index, weight, paddingIdx);
    }

    /** The number of rows: indices must be in [0, numEmbeddings). */
    public int numEmbeddings() {
        return numEmbeddings;
    }

    /** The length of each vector, the size of the output's last axis. */
    public int dim() {
        return dim;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + dim + (paddingIdx >= 0 ? ", paddingIdx=" + paddingIdx : "");
    }
}
