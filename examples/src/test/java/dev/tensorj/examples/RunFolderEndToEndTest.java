package dev.tensorj.examples;

import dev.tensorj.datasets.Mnist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two short runs of {@code tensorj train mnist-mlp} (one epoch on 64 images) into the same relative {@code --out}:
 * the folder is the caller's, the second run removes what only the first wrote and an interrupted save's
 * temporary file, and leaves the user's file alone; a log gets a line per epoch and no {@code \r}.
 */
@org.junit.jupiter.api.Tag("e2e")
class RunFolderEndToEndTest {
    @TempDir
    Path caller;

    @AfterEach
    void clearCwd() {
        System.clearProperty(CallerPaths.PROPERTY);
    }

    @Test
    void aSecondRunStartsFromAClearedFolder() throws Exception {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not found; skipping");
        System.setProperty(CallerPaths.PROPERTY, caller.toString());
        String[] first = TrainDeviceOptionTest.run("train", "mnist-mlp", "--epochs", "1", "--limit", "64", "--out", "plots");
        assertEquals("0", first[0], first[1]);
        Path plots = caller.resolve("plots");
        assertTrue(Files.exists(plots.resolve("loss.png")) && Files.exists(plots.resolve("confusion-matrix-normalised.png")));
        assertTrue(first[2].contains("Epoch 1/1: loss=") && !first[2].contains("\r"), "a line per epoch, no bar: " + first[2]);
        List<String> written = Files.readAllLines(plots.resolve(OutputFolder.MANIFEST));
        assertTrue(written.contains("loss.png") && written.contains("predictions.png"), written.toString());

        // as if the first run had also written a plot the second will not (e.g. more epochs' samples), and was killed mid-save once
        Files.writeString(plots.resolve("samples-epoch-9.png"), "old");
        Files.write(plots.resolve(OutputFolder.MANIFEST), java.util.stream.Stream.concat(written.stream(), java.util.stream.Stream.of("samples-epoch-9.png")).toList());
        Path tmp = Files.writeString(plots.resolve(".tmp-" + UUID.randomUUID() + ".png"), "half");
        Path mine = Files.writeString(plots.resolve("notes.txt"), "mine");
        Files.setLastModifiedTime(mine, java.nio.file.attribute.FileTime.fromMillis(0));

        String[] second = TrainDeviceOptionTest.run("train", "mnist-mlp", "--epochs", "1", "--limit", "64", "--out", "plots");
        assertEquals("0", second[0], second[1]);
        assertFalse(Files.exists(plots.resolve("samples-epoch-9.png")), "the first run's extra plot is gone");
        assertFalse(Files.exists(tmp), "the interrupted save's temporary file is gone");
        assertEquals("mine", Files.readString(mine));
        assertTrue(Files.exists(plots.resolve("loss.png")));
    }
}
