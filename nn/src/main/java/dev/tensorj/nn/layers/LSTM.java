package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Recurrent;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;

/**
 * Long short-term memory (PyTorch's {@code nn.LSTM}; Keras' LSTM with {@link #keras}). Per step, with
 * the gates i, f, g, o stacked in that order in the rows of W_ih [4H, I] and W_hh [4H, H]:
 * <pre>
 *   i, f, o = σ(x W_ih^T + b_ih + h W_hh^T + b_hh)   (their slices)    g = tanh(the same, its slice)
 *   c' = f c + i g          h' = o tanh(c')
 * </pre>
 * Each layer and direction runs as one fused node ({@link Recurrent#lstm}): the input projections of
 * all steps in one matmul, then one recurrent matmul and one cell kernel per step, and
 * backpropagation through time in the node's backward. {@link #unrolled} switches to the textbook
 * graph of composite cells (slower, twice differentiable) — the two give the same numbers.
 */
public final class LSTM extends RecurrentLayer {
    private boolean unrolled;

    /** One layer, time first ([T, B, I]), like {@code torch.nn.LSTM(inputSize, hiddenSize)}. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, false, 0, Generator.global());
    }

    /**
     * {@code nn.LSTM(inputSize, hiddenSize, numLayers, batch_first, bidirectional=..., dropout=...)}; dropout applies between stacked
     * layers in training.
     */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, boolean bidirectional, double dropout, Generator generator) {
        super("LSTM", 4, inputSize, hiddenSize, numLayers, batchFirst, bidirectional, dropout, true, generator);
    }

    /** The options by name ({@link RecurrentOptions}; relu does not apply to an LSTM). */
    public LSTM(int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        this(inputSize, hiddenSize, options.numLayers(), options.batchFirst(), options.bidirectional(), options.dropout(), generator);
        if (options.relu()) throw new IllegalArgumentException("LSTM: relu is an RNN option");
    }

    /** Keras' {@code LSTM(units)} after an Embedding: batch first, returning the last hidden state [B, units]. */
    public static LSTM keras(int inputSize, int units, Generator generator) {
        LSTM layer = new LSTM(inputSize, units, 1, true, false, 0, generator);
        layer.returnSequences(false);
        return layer;
    }

    /** Runs the step-by-step graph of composite cells instead of the fused sequence node. Returns this layer. */
    public LSTM unrolled(boolean on) {
        this.unrolled = on;
        return this;
    }

    @Override
    protected Variable[] runDirection(Variable x, Variable h0, Variable c0, Variable[] w) {
        Recurrent.Sequence s = unrolled
                ? Recurrent.lstmUnrolled(x, h0, c0, w[0], w[1], w[2], w[3], false)
                : F.lstm(x, h0, c0, w[0], w[1], w[2], w[3]);
        return new Variable[] {s.output(), s.h(), s.c()};
    }

    @Override
    protected boolean hasCellState() {
        return true;
    }
}
