package dev.tensorj.examples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tensorj tune}, {@code export} and {@code weights}: bad paths are one line and status 2, before any work; relative paths are the caller's. */
class OtherCommandsArgumentsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearCwd() {
        System.clearProperty(CallerPaths.PROPERTY);
    }

    private static void oneLine(String[] result, String expected) {
        assertEquals("2", result[0], result[1]);
        assertEquals(expected, result[1].strip());
        assertEquals("", result[2], "nothing ran");
    }

    @Test
    void tuneChecksItsFoldersBeforeSparkStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("results"), "x");
        oneLine(TrainDeviceOptionTest.run("tune", "mnist-grid", "--out", file.toString()), "tensorj tune: --out " + file + " is a file, not a folder");
        oneLine(TrainDeviceOptionTest.run("tune", "mnist-grid", "--executor", "yarn", "--out", dir.resolve("o").toString()),
                "tensorj tune: unknown executor 'yarn'; choose spark or in-process");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void exportRefusesAFileAndResolvesAgainstTheCaller() throws Exception {
        System.setProperty(CallerPaths.PROPERTY, dir.toString());
        Files.writeString(dir.resolve("png"), "x");
        oneLine(TrainDeviceOptionTest.run("export", "mnist-png", "png"), "tensorj export mnist-png: DIR " + dir.resolve("png") + " is a file, not a folder");
    }

    @Test
    void weightsNamesAMissingFileInOneLine() {
        System.setProperty(CallerPaths.PROPERTY, dir.toString());
        oneLine(TrainDeviceOptionTest.run("weights", "resnet18.pth"), "tensorj weights: " + dir.resolve("resnet18.pth") + ": no such file");
    }

    @Test
    void aBadOptionIsOneLineNotTheUsage() {
        String[] result = TrainDeviceOptionTest.run("weights", "x.pth", "--model", "resnet50");
        assertEquals("2", result[0]);
        assertEquals(1, result[1].strip().lines().count(), result[1]);
        assertTrue(result[1].startsWith("tensorj weights: Invalid value for option '--model'"), result[1]);
    }

    @Test
    void demoRefusesEmptySizes() {
        oneLine(TrainDeviceOptionTest.run("demo", "--size", "0"), "tensorj demo: --size must be at least 1, got 0");
        oneLine(TrainDeviceOptionTest.run("demo", "--repeats", "-1"), "tensorj demo: --repeats must be at least 1, got -1");
    }

    @Test
    void tuneRefusesCountsBelowOne() {
        oneLine(TrainDeviceOptionTest.run("tune", "mnist-grid", "--task-cpus", "0", "--out", dir.resolve("o").toString()), "tensorj tune: --task-cpus must be at least 1, got 0");
        oneLine(TrainDeviceOptionTest.run("tune", "mnist-grid", "--limit", "-1", "--out", dir.resolve("o").toString()), "tensorj tune: GridSearch: limit must be positive, got -1");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void methodologyChecksCountsAndFoldersBeforeAnyDataLoads() throws Exception {
        System.setProperty(CallerPaths.PROPERTY, dir.toString());
        Path file = Files.writeString(dir.resolve("report"), "x");
        oneLine(TrainDeviceOptionTest.run("methodology", "metrics", "--epochs", "0"), "tensorj methodology metrics: --epochs must be at least 1, got 0");
        oneLine(TrainDeviceOptionTest.run("methodology", "cnn", "--batch-size", "-3"), "tensorj methodology cnn: --batch-size must be at least 1, got -3");
        oneLine(TrainDeviceOptionTest.run("methodology", "batch-size", "--mini-epochs", "0"), "tensorj methodology batch-size: --mini-epochs must be at least 1, got 0");
        oneLine(TrainDeviceOptionTest.run("methodology", "fitting", "--epoch-scale", "0"), "tensorj methodology fitting: --epoch-scale must be a positive number, got 0.0");
        oneLine(TrainDeviceOptionTest.run("methodology", "metrics", "--out", "report"), "tensorj methodology metrics: --out " + file + " is a file, not a folder");
        oneLine(TrainDeviceOptionTest.run("methodology", "metrics", "--data", "report"), "tensorj methodology metrics: --data " + file + " is a file, not a folder");
        oneLine(TrainDeviceOptionTest.run("methodology", "transfer", "--weights", "resnet18.pth"), "tensorj methodology transfer: --weights " + dir.resolve("resnet18.pth") + ": no such file");
        oneLine(TrainDeviceOptionTest.run("methodology", "transfer", "--image-size", "16"), "tensorj methodology transfer: --image-size must be at least 32 (ResNet18 halves it five times), got 16");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }
}
