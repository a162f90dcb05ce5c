package dev.tensorj.nn.models;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Conv1d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Embedding;
import dev.tensorj.nn.layers.LSTM;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Permute;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The IMDB exercises' layer stacks (as the examples' {@code ImdbExercise.model} builds them, with a 1,000-word
 * vocabulary) on the fast CPU backend and on the reference ({@link FastAndReference}): the embedding's scatter-add, the
 * LSTM over the whole sequence in one node (its fused cell kernels and narrow GEMMs), the Conv1d and the 1-D max pool,
 * dropout. Two reviews of 40 words.
 */
class RecurrentModelsOnBothBackendsTest {
    private static final Tensor WORDS = Tensor.randint(0, 1000, new Generator(5), 2, 40);

    @Test
    void embeddingLstmDense() {
        FastAndReference.assertAgree("Embedding + LSTM(32) + Dense", () -> {
            Generator g = new Generator(1);
            return new Sequential(Embedding.keras(1000, 32, g), new Dropout(0.4, g), LSTM.keras(32, 32, g), new Dropout(0.4, g), Linear.glorot(32, 1, true, g));
        }, m -> m.forward(new Variable(WORDS, false)));
    }

    @Test
    void embeddingConv1dLstmDense() {
        FastAndReference.assertAgree("Embedding + Conv1D + LSTM(70) + Dense", () -> {
            Generator g = new Generator(1);
            return new Sequential(Embedding.keras(1000, 32, g), new Dropout(0.3, g), new Permute(0, 2, 1), new Conv1d(32, 64, 5, 1, 0, 1, true, g),
                    Activation.relu(), Pooling.maxPool1d(4), new Permute(0, 2, 1), LSTM.keras(64, 70, g),
                    Linear.glorot(70, 32, true, g), Activation.relu(), new Dropout(0.3, g), Linear.glorot(32, 1, true, g));
        }, m -> m.forward(new Variable(WORDS, false)));
    }
}
