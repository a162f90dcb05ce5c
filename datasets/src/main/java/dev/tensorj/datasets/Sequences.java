package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

/** Keras' {@code pad_sequences}: variable-length integer sequences to one INT64 tensor {@code [N, maxLen]}. */
public final class Sequences {

    /** Which end of a sequence receives the padding, or loses values when truncating. */
    public enum Side { PRE, POST }

    private Sequences() {
    }

    /** {@link #pad(int[][], int, Side, Side, long)} with Keras' defaults: pad and truncate at the start, pad value 0. */
    public static Tensor pad(int[][] sequences, int maxLen) {
        return pad(sequences, maxLen, Side.PRE, Side.PRE, 0);
    }

    /**
     * Every sequence made exactly {@code maxLen} long. A longer one loses its first
     * ({@code truncating = PRE}) or last ({@code POST}) values; a shorter one gets {@code value}
     * before ({@code padding = PRE}) or after ({@code POST}) it.
     */
    public static Tensor pad(int[][] sequences, int maxLen, Side padding, Side truncating, long value) {
        if (maxLen <= 0) throw new IllegalArgumentException("padSequences: maxLen must be positive, got " + maxLen);
        long[] out = new long[sequences.length * maxLen];
        java.util.Arrays.fill(out, value);
        for (int s = 0; s < sequences.length; s++) {
            int[] sequence = sequences[s];
            int kept = Math.min(sequence.length, maxLen);
            int from = truncating == Side.PRE ? sequence.length - kept : 0;
            int to = s * maxLen + (padding == Side.PRE ? maxLen - kept : 0);
            for (int i = 0; i < kept; i++) out[to + i] = sequence[from + i];
        }
        return Tensor.fromArray(out, sequences.length, maxLen);
    }
}
