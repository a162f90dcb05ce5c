package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Recurrent;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * One LSTM step, for unrolling by hand (PyTorch's {@code nn.LSTMCell}; parameters weight_ih [4H, I],
 * weight_hh [4H, H], bias_ih, bias_hh, from U(-1/√H, 1/√H)):
 * <pre>{@code
 * LSTMCell cell = new LSTMCell(10, 20);
 * Recurrent.State s = cell.zeroState(batch);
 * for (int t = 0; t < steps; t++) s = cell.forward(x.select(0, t), s);
 * }</pre>
 * The step uses the fused cell kernel; {@code forward(x)} starts from zeros and returns h.
 */
public final class LSTMCell extends Layer {
    private final int inputSize, hiddenSize;
    /**
     * The weights and biases as PyTorch names them: weight_ih [4H, I], weight_hh [4H, H], bias_ih and bias_hh [4H]; gates in the order i,
     * f, g, o.
     */
    public final Variable weightIh, weightHh, biasIh, biasHh;

    /** A cell of the given sizes, U(-1/sqrt(H), 1/sqrt(H)) from the global generator. */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.global());
    }

    /** A cell of the given sizes, U(-1/sqrt(H), 1/sqrt(H)) from {@code generator}. */
    public LSTMCell(int inputSize, int hiddenSize, Generator generator) {
        if (inputSize <= 0 || hiddenSize <= 0) throw new IllegalArgumentException("LSTMCell: sizes must be positive, got " + inputSize + ", " + hiddenSize);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih", Init.uniform(Tensor.zeros(4 * hiddenSize, inputSize), -bound, bound, generator));
        weightHh = registerParameter("weight_hh", Init.uniform(Tensor.zeros(4 * hiddenSize, hiddenSize), -bound, bound, generator));
        biasIh = registerParameter("bias_ih", Init.uniform(Tensor.zeros(4 * hiddenSize), -bound, bound, generator));
        biasHh = registerParameter("bias_hh", Init.uniform(Tensor.zeros(4 * hiddenSize), -bound, bound, generator));
    }

    /** h = c = 0 for a batch of the given size. */
    public Recurrent.State zeroState(int batch) {
        return new Recurrent.State(new Variable(Tensor.zeros(batch, hiddenSize), false), new Variable(Tensor.zeros(batch, hiddenSize), false));
    }

    /** One step from x [B, I] and the state (h, c) [B, H]. */
    public Recurrent.State forward(Variable x, Recurrent.State state) {
        if (x.data().rank() != 2 || x.data().size(1) != inputSize) {
            throw new IllegalArgumentException("LSTMCell: expects x [B, " + inputSize + "], got " + x.data().shape());
        }
        return Recurrent.lstmCell(Recurrent.gates(x, state.h(), weightIh, weightHh, biasIh, biasHh), state.c());
    }

    @Override
    public Variable forward(Variable x) {
        return forward(x, zeroState(x.data().size(0))).h();
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize;
    }
}
