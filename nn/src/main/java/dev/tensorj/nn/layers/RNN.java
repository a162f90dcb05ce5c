package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Recurrent;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;

/**
 * The simple (Elman) recurrent network, PyTorch's {@code nn.RNN} and Keras' SimpleRNN:
 * h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu). Each layer and direction runs as one fused
 * node ({@link Recurrent#rnn}); {@link #unrolled} switches to the step-by-step graph of composite cells.
 */
public final class RNN extends RecurrentLayer {
    private final boolean relu;
    private boolean unrolled;

    /** One tanh layer, time first ([T, B, I]), like {@code torch.nn.RNN(inputSize, hiddenSize)}. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false, false, 0, false, Generator.global());
    }

    /** relu: use relu instead of tanh (PyTorch's nonlinearity='relu'). */
    public RNN(int inputSize, int hiddenSize, int numLayers, boolean batchFirst, boolean bidirectional, double dropout, boolean relu, Generator generator) {
        super("RNN", 1, inputSize, hiddenSize, numLayers, batchFirst, bidirectional, dropout, true, generator);
        this.relu = relu;
    }

    /** The options by name, relu included ({@link RecurrentOptions}). */
    public RNN(int inputSize, int hiddenSize, RecurrentOptions options, Generator generator) {
        this(inputSize, hiddenSize, options.numLayers(), options.batchFirst(), options.bidirectional(), options.dropout(), options.relu(), generator);
    }

    @Override
    protected Variable[] runDirection(Variable x, Variable h0, Variable c0, Variable[] weights) {
        if (unrolled) return unroll((xt, h, w) -> F.rnnCell(xt, h, w[0], w[1], w[2], w[3], relu), x, h0, weights);
        Recurrent.Sequence s = F.rnn(x, h0, weights[0], weights[1], weights[2], weights[3], relu);
        return new Variable[] {s.output(), s.h(), null};
    }

    /** Runs the step-by-step graph of composite cells instead of the fused sequence node. Returns this layer. */
    public RNN unrolled(boolean on) {
        this.unrolled = on;
        return this;
    }

    @Override
    protected boolean hasCellState() {
        return false;
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (relu ? ", relu" : "");
    }
}
