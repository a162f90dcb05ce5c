package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * What LSTM, GRU and RNN share: stacked layers, an optional reverse direction, batch-first or
 * time-first layout, dropout between layers, and PyTorch's parameter names ({@code weight_ih_l0},
 * {@code weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code ..._reverse}), so weights
 * exchange with PyTorch. Every weight and bias starts from U(-1/√H, 1/√H), PyTorch's default.
 *
 * <p>{@link #run} returns the full {@link Output}: every step's hidden state of the last layer
 * ([T, B, D·H], or [B, T, D·H] batch first; D = 2 when bidirectional, both directions concatenated)
 * and the final states [L·D, B, H]. {@link #forward} returns the output sequence, or, after
 * {@link #returnSequences returnSequences(false)}, Keras' default: the last layer's final hidden state
 * [B, D·H] (forward and backward direction concatenated, as Keras' Bidirectional does).
 *
 * <p>Padding: Keras' {@code pad_sequences} pads at the front, so the last step of every row is its
 * last real word and the final state summarises the review; nothing is masked. (Padding at the end
 * would make the final state read the padding: pad at the front, as the datasets module does.)
 */
public abstract class RecurrentLayer extends Layer {
    /** Every step's output, and the final hidden (and, for LSTM, cell) states [layers · directions, B, H]. */
    public record Output(Variable output, Variable h, Variable c) {
    }

    /** The sizes: I of each input step, H of each hidden state, and the number of stacked layers. */
    protected final int inputSize, hiddenSize, numLayers;
    /** The layout ([B, T, I] when batch first, else [T, B, I]) and whether a reverse direction runs too. */
    protected final boolean batchFirst, bidirectional;
    private final Dropout betweenLayers;
    private final List<Variable[]> weights = new ArrayList<>(); // per layer and direction: {W_ih, W_hh, b_ih, b_hh}
    private boolean returnSequences = true;

    /**
     * Registers every layer's and direction's {@code gateCount * H}-row weights and biases under PyTorch's names, U(-1/sqrt(H), 1/sqrt(H)).
     */
    protected RecurrentLayer(String kind, int gateCount, int inputSize, int hiddenSize, int numLayers, boolean batchFirst,
                             boolean bidirectional, double dropout, boolean bias, Generator generator) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(kind + ": inputSize, hiddenSize and numLayers must be positive, got "
                    + inputSize + ", " + hiddenSize + ", " + numLayers);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        this.betweenLayers = new Dropout(dropout, generator);
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * directions();
            for (int d = 0; d < directions(); d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                Variable wIh = registerParameter("weight_ih" + suffix, Init.uniform(Tensor.zeros(gateCount * hiddenSize, in), -bound, bound, generator));
                Variable wHh = registerParameter("weight_hh" + suffix, Init.uniform(Tensor.zeros(gateCount * hiddenSize, hiddenSize), -bound, bound, generator));
                Variable bIh = bias ? registerParameter("bias_ih" + suffix, Init.uniform(Tensor.zeros(gateCount * hiddenSize), -bound, bound, generator)) : null;
                Variable bHh = bias ? registerParameter("bias_hh" + suffix, Init.uniform(Tensor.zeros(gateCount * hiddenSize), -bound, bound, generator)) : null;
                weights.add(new Variable[] {wIh, wHh, bIh, bHh});
            }
        }
    }

    /** Runs one direction of one layer over x [T, B, I] from (h0, c0) [B, H]: {outputs [T, B, H], hN, cN (or null)}. */
    protected abstract Variable[] runDirection(Variable x, Variable h0, Variable c0, Variable[] weights);

    /** One step of a cell with only a hidden state: h' from x_t [B, I], h [B, H] and {W_ih, W_hh, b_ih, b_hh}. */
    protected interface Step {
        /** h' from one step's input x [B, I], the previous hidden state h [B, H] and the direction's {W_ih, W_hh, b_ih, b_hh}. */
        Variable apply(Variable x, Variable h, Variable[] weights);
    }

    /** Runs a hidden-state-only cell (GRU, RNN) over x [T, B, I] step by step: {outputs [T, B, H], hN, null}. */
    protected static Variable[] unroll(Step cell, Variable x, Variable h0, Variable[] weights) {
        Variable h = h0;
        Variable[] outputs = new Variable[x.data().size(0)];
        for (int t = 0; t < outputs.length; t++) outputs[t] = h = cell.apply(x.select(0, t), h, weights);
        return new Variable[] {Variable.stack(0, outputs), h, null};
    }

    /** Whether the layer keeps a cell state (LSTM) besides the hidden state. */
    protected abstract boolean hasCellState();

    /** Keras' return_sequences: false makes {@link #forward} return the final hidden state. Returns this layer. */
    public RecurrentLayer returnSequences(boolean on) {
        this.returnSequences = on;
        return this;
    }

    @Override
    public Variable forward(Variable x) {
        Output out = run(x, null, null);
        if (returnSequences) return out.output();
        int last = (numLayers - 1) * directions();
        return bidirectional ? Variable.concat(1, out.h().select(0, last), out.h().select(0, last + 1)) : out.h().select(0, last);
    }

    /** The whole result, from the initial states h0, c0 [layers · directions, B, H] (null: zeros). */
    public Output run(Variable x, Variable h0, Variable c0) {
        int[] dims = x.data().dims();
        if (dims.length != 3 || dims[2] != inputSize) {
            throw new IllegalArgumentException(name() + ": expects input " + (batchFirst ? "[B, T, " : "[T, B, ") + inputSize + "], got " + x.data().shape());
        }
        Variable seq = batchFirst ? x.transpose(0, 1) : x;
        int steps = seq.data().size(0), batch = seq.data().size(1), states = numLayers * directions();
        h0 = initialState("h0", h0, states, batch, x);
        c0 = hasCellState() ? initialState("c0", c0, states, batch, x) : null;
        List<Variable> hN = new ArrayList<>(), cN = new ArrayList<>();
        for (int layer = 0; layer < numLayers; layer++) {
            Variable[] outputs = new Variable[directions()];
            for (int d = 0; d < directions(); d++) {
                int k = layer * directions() + d;
                Variable input = d == 0 ? seq : seq.flip(0); // the reverse direction reads the steps backwards: a view, no copy
                Variable[] r = runDirection(input, h0.select(0, k), c0 == null ? null : c0.select(0, k), weights.get(k));
                outputs[d] = d == 0 ? r[0] : r[0].flip(0);
                hN.add(r[1]);
                if (r[2] != null) cN.add(r[2]);
            }
            seq = directions() == 1 ? outputs[0] : Variable.concat(2, outputs);
            if (layer < numLayers - 1 && isTraining()) seq = betweenLayers.forward(seq);
        }
        Variable output = batchFirst ? seq.transpose(0, 1) : seq;
        return new Output(output, Variable.stack(0, hN.toArray(Variable[]::new)),
                cN.isEmpty() ? null : Variable.stack(0, cN.toArray(Variable[]::new)));
    }

    private Variable initialState(String what, Variable given, int states, int batch, Variable x) {
        if (given == null) return new Variable(Tensor.zeros(x.data().dtype(), x.data().device(), states, batch, hiddenSize), false);
        if (!given.data().shape().equals(dev.tensorj.tensor.Shape.of(states, batch, hiddenSize))) {
            throw new IllegalArgumentException(name() + ": " + what + " must be [" + states + ", " + batch + ", " + hiddenSize + "], got " + given.data().shape());
        }
        return given;
    }

    /** 2 when bidirectional, else 1. */
    protected final int directions() {
        return bidirectional ? 2 : 1;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers > 1 ? ", numLayers=" + numLayers : "") + (batchFirst ? ", batchFirst" : "")
                + (bidirectional ? ", bidirectional" : "") + (returnSequences ? "" : ", returnSequences=false");
    }
}
