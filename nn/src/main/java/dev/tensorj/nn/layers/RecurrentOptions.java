package dev.tensorj.nn.layers;

/**
 * The options LSTM, GRU and RNN share, by name instead of by position (PyTorch's keyword arguments):
 * <pre>  new LSTM(32, 64, RecurrentOptions.defaults().numLayers(2).batchFirst(true).bidirectional(true), generator)</pre>
 * Each setter returns a new record.
 *
 * @param numLayers     stacked layers (1)
 * @param batchFirst    inputs and outputs [B, T, ...] instead of [T, B, ...] (false)
 * @param bidirectional a second, reversed direction per layer (false)
 * @param dropout       dropout between stacked layers, in training (0)
 * @param relu          for {@link RNN} only: relu instead of tanh (PyTorch's nonlinearity='relu'; false)
 */
public record RecurrentOptions(int numLayers, boolean batchFirst, boolean bidirectional, double dropout, boolean relu) {
    /** Checks the ranges. */
    public RecurrentOptions {
        if (numLayers <= 0) throw new IllegalArgumentException("RecurrentOptions: numLayers must be positive, got " + numLayers);
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("RecurrentOptions: dropout must be in [0, 1), got " + dropout);
    }

    /** PyTorch's defaults: one layer, time first, one direction, no dropout, tanh. */
    public static RecurrentOptions defaults() {
        return new RecurrentOptions(1, false, false, 0, false);
    }

    /** This with {@code numLayers} stacked layers. */
    public RecurrentOptions numLayers(int numLayers) {
        return new RecurrentOptions(numLayers, batchFirst, bidirectional, dropout, relu);
    }

    /** This with [B, T, ...] inputs and outputs (true) or [T, B, ...] (false). */
    public RecurrentOptions batchFirst(boolean on) {
        return new RecurrentOptions(numLayers, on, bidirectional, dropout, relu);
    }

    /** This with a reversed second direction per layer, or without. */
    public RecurrentOptions bidirectional(boolean on) {
        return new RecurrentOptions(numLayers, batchFirst, on, dropout, relu);
    }

    /** This with dropout {@code p} between stacked layers. */
    public RecurrentOptions dropout(double p) {
        return new RecurrentOptions(numLayers, batchFirst, bidirectional, p, relu);
    }

    /** For {@link RNN}: relu instead of tanh. */
    public RecurrentOptions relu(boolean on) {
        return new RecurrentOptions(numLayers, batchFirst, bidirectional, dropout, on);
    }
}
