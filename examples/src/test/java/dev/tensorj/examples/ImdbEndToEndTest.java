package dev.tensorj.examples;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.DatasetException;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The IMDB models: Keras-like shapes and parameter counts, and the baseline LSTM trained in a CI-sized
 * budget — 2 epochs on the 20,000 training reviews left after the validation split (about a minute on
 * two cores, with ≈ 10 s to read and tokenise the reviews). The documented full runs:
 * {@code ./tensorj train imdb-lstm} (4 epochs) and {@code ./tensorj train imdb-tuned}.
 */
@Tag("e2e")
class ImdbEndToEndTest {

    @Test
    void theModelsHaveTheCourseShapes() {
        Generator g = new Generator(0);
        String lstm = ImdbExercise.model(ImdbExercise.Model.LSTM, 20_000, g).summary(80);
        assertTrue(lstm.contains("(None, 80, 32)") && lstm.contains("(None, 32)") && lstm.contains("(None, 1)"), lstm);
        // Embedding 20000·32; LSTM 4·(32·32 + 32·32 + 32 + 32) (PyTorch keeps two bias vectors; Keras has one: 8,320); Dense 33
        assertEquals(640_000 + 8_448 + 33, ImdbExercise.model(ImdbExercise.Model.LSTM, 20_000, g).parameterCount());
        Layer cnn = ImdbExercise.model(ImdbExercise.Model.CNN_LSTM, 20_000, g);
        String summary = cnn.summary(100);
        for (String shape : new String[] {"(None, 100, 32)", "(None, 32, 100)", "(None, 64, 96)", "(None, 64, 24)", "(None, 24, 64)", "(None, 70)"}) {
            assertTrue(summary.contains(shape), shape + " missing from\n" + summary);
        }
        Variable out = ImdbExercise.model(ImdbExercise.Model.CNN_LSTM_TUNED, 20_000, g).eval().forward(Tensor.zeros(3, 200));
        assertArrayEquals(new int[] {3, 1}, out.data().dims());
    }

    @Test
    void theLstmReachesEightyPercentInTwoEpochs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ImdbExercise.Result r;
        try {
            r = ImdbExercise.run(ImdbExercise.Model.LSTM, 2, 32, 42, 0, dir, new PrintStream(PrintStream.nullOutputStream()), false);
        } catch (DatasetException e) {
            abort("IMDB not available here: " + e.getMessage());
            return;
        }
        System.out.printf("IMDB LSTM: test accuracy %.4f, %.1f s per epoch%n", r.testAccuracy(), r.secondsPerEpoch());
        assertTrue(r.testAccuracy() >= 0.80, "test accuracy " + r.testAccuracy() + " < 0.80");
        String report = java.nio.file.Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| test accuracy (25,000 reviews) | %.2f %% | about 80 %% (the course's text) |", 100 * r.testAccuracy()))
                && report.contains("![accuracy](accuracy.png)"), report);
    }
}
