package dev.tensorj.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code --validation-split} and {@code --patience}: a bad value is one line and status 2, before any data loads or anything is written. */
class HoldOutOptionsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearCwd() {
        System.clearProperty(CallerPaths.PROPERTY);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fashion-mlp --validation-split 1 | --validation-split must be a fraction in [0, 1), got 1.0",
            "c1 --validation-split -0.1 | --validation-split must be a fraction in [0, 1), got -0.1",
            "c2 --validation-split NaN | --validation-split must be a fraction in [0, 1), got NaN",
            "imdb-tuning --validation-split 0 | --validation-split must be above 0 for imdb-tuning (its callbacks watch the validation loss), got 0",
            "c2 --patience 0 | --patience must be at least 1, got 0",
            "mnist-mlp --patience 3 | --patience needs a validation split to watch; give --validation-split above 0",
            "fashion-mlp --validation-split 0 --patience 2 | --patience needs a validation split to watch; give --validation-split above 0",
            "fashion-mlp --limit 4 | --limit 4 with --validation-split 0.1 leaves 0 of them for validation and 4 to train on; both need at least one",
            "imdb-tuning --limit 1 --validation-split 0.6 | --limit 1 with --validation-split 0.6 leaves 1 of them for validation and 0 to train on; both need at least one",
            "imdb-tuning --epochs 0 | --epochs must be at least 1, got 0",
            "imdb-lstm --validation-split 0.2 | --validation-split does not apply to imdb-lstm (it reads --batch-size, --epochs, --limit, --out, --tensorboard)",
            "c1-vs-c2 --limit 4 | --limit 4 with --validation-split 0.1 leaves 0 of them for validation and 4 to train on; both need at least one",
            "c1-vs-c2 --patience 2 | --patience does not apply to c1-vs-c2 (it reads --epochs, --limit, --out, --tensorboard)"})
    void badValuesAreOneLineBeforeAnyDataLoads(String args, String message) {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args.split(" ")));
        all.addAll(List.of("--out", dir.resolve("out").toString()));
        String[] result = TrainDeviceOptionTest.run(all.toArray(String[]::new));
        assertEquals("2", result[0], "status of " + all + ": " + result[1]);
        assertEquals("tensorj train: " + message, result[1].strip());
        assertEquals("", result[2], "nothing ran (no model summary, no data)");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void aSmallLimitIsFineWhereNothingIsHeldOut() {
        for (String model : new String[] {"mnist-mlp", "autoencoder", "imdb-lstm", "dcgan-mnist"}) {
            assertDoesNotThrow(() -> TrainOptions.checkHoldOut(model, null, null, 4, HoldOut.defaultFraction(model)), model);
        }
        assertDoesNotThrow(() -> TrainOptions.checkHoldOut("c1", 0.0, null, 1, HoldOut.defaultFraction("c1")));
    }
}
