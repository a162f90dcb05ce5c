package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import java.util.List;

/**
 * One half (train or test) of the IMDB reviews as word-index sequences and sentiment labels
 * (0 negative, 1 positive), in the Keras encoding of {@link Imdb}.
 *
 * @param sequences each review as word indices, starting with {@link Imdb#START}
 * @param labels    the sentiment of each review
 */
public record ImdbReviews(int[][] sequences, long[] labels) {
    public static final List<String> CLASS_NAMES = List.of("negative", "positive");

    public ImdbReviews {
        if (sequences.length != labels.length) {
            throw new IllegalArgumentException("ImdbReviews: " + sequences.length + " sequences but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    /**
     * Keeps the {@code numWords − 3} most frequent words: every index ≥ {@code numWords} becomes
     * {@link Imdb#OOV}, like Keras' {@code num_words}. {@code numWords ≤ 0} keeps all.
     */
    public ImdbReviews limitWords(int numWords) {
        if (numWords <= 0) return this;
        int[][] limited = new int[sequences.length][];
        for (int s = 0; s < sequences.length; s++) {
            limited[s] = sequences[s].clone();
            for (int i = 0; i < limited[s].length; i++) if (limited[s][i] >= numWords) limited[s][i] = Imdb.OOV;
        }
        return new ImdbReviews(limited, labels);
    }

    /** The labels as an INT64 tensor {@code [N]}. */
    public Tensor labelTensor() {
        return Tensor.fromArray(labels.clone(), labels.length);
    }

    /** A dataset of padded sequences, INT64 {@code [N, maxLen]} (Keras' default pre-padding and pre-truncation), and labels. */
    public TensorDataset toDataset(int maxLen) {
        return toDataset(maxLen, Sequences.Side.PRE, Sequences.Side.PRE);
    }

    public TensorDataset toDataset(int maxLen, Sequences.Side padding, Sequences.Side truncating) {
        return new TensorDataset(Sequences.pad(sequences, maxLen, padding, truncating, Imdb.PAD), labelTensor(), CLASS_NAMES);
    }
}
