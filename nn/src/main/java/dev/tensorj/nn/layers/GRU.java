package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Recurrent;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;

/**
 * Gated recurrent unit (PyTorch's {@code nn.GRU}, the same form as Keras' default
 * {@code reset_after=True}); gates r, z, n in the rows of W_ih [3H, I] and W_hh [3H, H]:
 * <pre>
 *   r = σ(x W_ir^T + b_ir + h W_hr^T + b_hr)     z = σ(x W_iz^T + b_iz + h W_hz^T + b_hz)
 *   n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn))       h' = (1 - z) n + z h
 * </pre>
 * Each layer and direction runs as one fused node ({@link Recurrent#gru}): the input projections of
 * all steps in one matmul, the recurrence with its gates kept, and backpropagation through time in the
 * node's backward. {@link #unrolled} switches to the step-by-step graph of composite cells
 * ({@link Recurrent#gruCell}; slower, twice differentiable) — the two give the same numbers.
 */
public final class GRU extends RecurrentLayer {
    private boolean unrolled;

    /** One layer, time first ([T, B, I]), like {@code torch.nn.GRU(inputSize, hiddenSize)}. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, false, 0, Generator.global());
    }

    /**
     * {@code nn.GRU(inputSize, hiddenSize, numLayers, batch_first, bidirectional=..., dropout=...)}; dropout applies
     * between stacked layers in training, and {@code generator} draws the initial weights (uniform in
     * +-1/sqrt(hiddenSize)) and the dropout masks.
     */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, boolean bidirectional, double dropout, Generator generator) {
        super("GRU", 3, inputSize, hiddenSize, numLayers, batchFirst, bidirectional, dropout, true, generator);
    }

    /** The options by name ({@link RecurrentOptions}; relu does not apply to a GRU). */
    public GRU(int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        this(inputSize, hiddenSize, options.numLayers(), options.batchFirst(), options.bidirectional(), options.dropout(), generator);
        if (options.relu()) throw new IllegalArgumentException("GRU: relu is an RNN option");
    }

    @Override
    protected Variable[] runDirection(Variable x, Variable h0, Variable c0, Variable[] weights) {
        if (unrolled) return unroll((xt, h, w) -> F.gruCell(xt, h, w[0], w[1], w[2], w[3]), x, h0, weights);
        Recurrent.Sequence s = F.gru(x, h0, weights[0], weights[1], weights[2], weights[3]);
        return new Variable[] {s.output(), s.h(), null};
    }

    /** Runs the step-by-step graph of composite cells instead of the fused sequence node. Returns this layer. */
    public GRU unrolled(boolean on) {
        this.unrolled = on;
        return this;
    }

    @Override
    protected boolean hasCellState() {
        return false;
    }
}
