package dev.tensorj.examples;

import dev.tensorj.datasets.Iris;
import dev.tensorj.datasets.WineQuality;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The small tabular exercises: the perceptron converges, Iris ≥ 93 %, red vs white wine ≥ 97 %. */
@Tag("e2e")
class TabularEndToEndTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void perceptronSeparatesSetosaFromVersicolor() {
        assumeTrue(Loaders.available(Iris::load), "Iris not found; skipping");
        int epochs = TabularExercises.perceptron(QUIET);
        assertTrue(epochs > 0 && epochs <= 20, "no error-free pass within 20 epochs: " + epochs);
    }

    @Test
    void irisMlp() {
        assumeTrue(Loaders.available(Iris::load), "Iris not found; skipping");
        double accuracy = TabularExercises.iris(200, 42, QUIET, false);
        assertTrue(accuracy >= 0.93, "Iris test accuracy " + accuracy + " < 0.93");
    }

    @Test
    void wineRedOrWhite() {
        assumeTrue(Loaders.available(WineQuality::red), "Wine Quality not found; skipping");
        double accuracy = TabularExercises.wine(5, 42, QUIET);
        assertTrue(accuracy >= 0.97, "wine test accuracy " + accuracy + " < 0.97");
    }
}
