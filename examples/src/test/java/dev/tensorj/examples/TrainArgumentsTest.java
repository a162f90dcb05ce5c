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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each bad input of {@code tensorj train} is one line on stderr and status 2, before any data loads and before
 * anything is written: the data sets are not on CI, so a run that got as far as loading would fail differently
 * (or print a model summary on stdout), and the output folder would exist.
 */
class TrainArgumentsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearCwd() {
        System.clearProperty(CallerPaths.PROPERTY);
    }

    /** Runs {@code tensorj train ARGS --out DIR/out}: asserts status 2, the one line, nothing on stdout, no output folder. */
    private String rejected(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("train"));
        all.addAll(List.of(args));
        if (!all.contains("--out") && !all.contains("perceptron") && !all.contains("iris") && !all.contains("resnet-transfer")) {
            all.addAll(List.of("--out", dir.resolve("out").toString()));
        }
        String[] result = TrainDeviceOptionTest.run(all.toArray(String[]::new));
        assertEquals("2", result[0], "status of " + all + ": " + result[1]);
        String[] lines = result[1].strip().split("\n");
        assertEquals(1, lines.length, "one line: " + result[1]);
        assertTrue(lines[0].startsWith("tensorj train: "), lines[0]);
        assertEquals("", result[2], "nothing ran (no model summary, no data)");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
        return lines[0];
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--epochs | 0 | --epochs must be at least 1, got 0",
            "--epochs | -1 | --epochs must be at least 1, got -1",
            "--limit | 0 | --limit must be at least 1, got 0",
            "--limit | -3 | --limit must be at least 1, got -3",
            "--batch-size | 0 | --batch-size must be at least 1, got 0",
            "--batch-size | -64 | --batch-size must be at least 1, got -64"})
    void countsBelowOneAreRejected(String option, String value, String message) throws Exception {
        assertEquals("tensorj train: " + message, rejected("mnist-mlp", option, value));
    }

    @Test
    void optionsTheModelIgnoresAreErrors() throws Exception {
        assertEquals("tensorj train: --checkpoint does not apply to c1 (it reads --batch-size, --device, --epochs, --limit, --out, --patience, --recipe, --tensorboard, --validation-split)",
                rejected("c1", "--checkpoint", dir.resolve("c.safetensors").toString()));
        assertTrue(rejected("mnist-mlp", "--weights", dir.resolve("w.pth").toString()).startsWith("tensorj train: --weights does not apply to mnist-mlp"));
        assertTrue(rejected("autoencoder", "--recipe", "augmented").startsWith("tensorj train: --recipe does not apply to autoencoder"));
        assertTrue(rejected("iris", "--batch-size", "8").startsWith("tensorj train: --batch-size does not apply to iris"));
        assertTrue(rejected("resnet-transfer", "--recipe", "augmented").startsWith("tensorj train: --recipe does not apply to resnet-transfer"));
        assertEquals("tensorj train: --tensorboard does not apply to perceptron (it reads --epochs, --out)",
                rejected("perceptron", "--tensorboard", dir.resolve("tb").toString()));
        assertEquals("tensorj train: --tensorboard does not apply to perceptron-rosenblatt (it takes no training options)",
                rejected("perceptron-rosenblatt", "--tensorboard", dir.resolve("tb").toString()));
        assertTrue(rejected("perceptron-rosenblatt", "--epochs", "3").startsWith("tensorj train: --epochs does not apply to perceptron-rosenblatt"));
    }

    @Test
    void aGpuForAModelThatTrainsOnTheCpuOnly() throws Exception {
        assertTrue(rejected("autoencoder", "--device", "cuda").startsWith("tensorj train: --device cuda:0: autoencoder trains on the CPU only"));
    }

    @Test
    void anUnknownModelOrABadValueIsOneLine() throws Exception {
        assertTrue(rejected("c3").startsWith("tensorj train: unknown model 'c3'; choose one of: mnist-mlp"));
        assertEquals("tensorj train: Invalid value for option '--epochs': 'ten' is not an int (see tensorj train --help)", rejected("c1", "--epochs", "ten"));
        assertTrue(rejected("c1", "--recipe", "fancy").startsWith("tensorj train: Invalid value for option '--recipe'"));
        assertTrue(rejected("c1", "--bogus").startsWith("tensorj train: Unknown option: '--bogus'"));
    }

    @Test
    void anOutputFolderThatIsAFileIsRejectedBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("plots"), "not a folder");
        assertEquals("tensorj train: --out " + file + " is a file, not a folder", rejected("c1", "--epochs", "1", "--out", file.toString()));
        assertEquals("tensorj train: --out " + file.resolve("c1") + ": " + file + " is a file, not a folder",
                rejected("c1", "--out", file.resolve("c1").toString()));
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void aReadOnlyOutputFolderIsRejectedBeforeTraining() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: every folder is writable");
            assertEquals("tensorj train: --out " + readOnly.resolve("c1") + ": " + readOnly + " is not writable",
                    rejected("c1", "--out", readOnly.resolve("c1").toString()));
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    @Test
    void aMissingWeightsFileIsNamed() throws Exception {
        assertEquals("tensorj train: --weights " + dir.resolve("nowhere.pth") + ": no such file",
                rejected("resnet-transfer", "--weights", dir.resolve("nowhere.pth").toString()));
    }

    @Test
    void relativePathsResolveAgainstTheCallersFolder() throws Exception {
        System.setProperty(CallerPaths.PROPERTY, dir.toString());
        Files.writeString(dir.resolve("taken"), "x");
        assertEquals("tensorj train: --out " + dir.resolve("taken") + " is a file, not a folder", rejected("c1", "--out", "taken"));
        assertEquals(dir.resolve("a/b"), CallerPaths.resolve(Path.of("a/b")));
        assertEquals(Path.of("/abs"), CallerPaths.resolve(Path.of("/abs")));
    }

    @Test
    void withDebugTheStackTraceFollows() {
        String[] result = TrainDeviceOptionTest.run("train", "c1", "--epochs", "0", "--debug");
        assertEquals("2", result[0]);
        assertTrue(result[1].startsWith("tensorj train: --epochs must be at least 1, got 0\n"), result[1]);
        assertTrue(result[1].contains("at dev.tensorj.examples.TrainOptions"), result[1]);
    }

    @Test
    void noArgumentsPrintsTheUsageAndFails() {
        String[] result = TrainDeviceOptionTest.run();
        assertEquals("2", result[0]);
        assertTrue(result[1].contains("Usage: tensorj") && result[1].contains("train"), result[1]);
        assertEquals("2", TrainDeviceOptionTest.run("export")[0]);
    }

    @Test
    void otherCommandsReportFilesInOneLine() throws Exception {
        String[] result = TrainDeviceOptionTest.run("weights", dir.resolve("missing.pth").toString());
        assertEquals("2", result[0]);
        assertEquals(1, result[1].strip().lines().count(), result[1]);
        assertTrue(result[1].startsWith("tensorj weights: "), result[1]);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aCheckpointOfAnotherModelNamesBoth() throws Exception {
        Path other = dir.resolve("c1.safetensors");
        dev.tensorj.nn.io.SafeTensors.save(java.util.Map.of("model.w", dev.tensorj.tensor.Tensor.of(1, 2)),
                java.util.Map.of("format", "tensorj-training-checkpoint", "version", "1", "model", "Sequential", "epoch", "4"), other);
        assertEquals("tensorj train: --checkpoint " + other + " holds a checkpoint of Sequential (after epoch 4), this model trains ResNet18",
                rejected("resnet-transfer", "--checkpoint", other.toString()));
        Path weightsOnly = dir.resolve("best.safetensors");
        dev.tensorj.nn.io.SafeTensors.save(java.util.Map.of("w", dev.tensorj.tensor.Tensor.of(1, 2)), java.util.Map.of("model", "c2"), weightsOnly);
        assertEquals("tensorj train: --checkpoint " + weightsOnly + " is not a training checkpoint (it holds weights of c2); give a new file name to start one",
                rejected("resnet-transfer", "--checkpoint", weightsOnly.toString()));
        Path garbage = Files.writeString(dir.resolve("notes.safetensors"), "hello");
        assertTrue(rejected("resnet-transfer", "--checkpoint", garbage.toString()).startsWith("tensorj train: --checkpoint " + garbage + " is not a checkpoint tensorj can read ("));
    }

    @Test
    void aGanResumesOnlyFromAGanCheckpointWithFewerEpochsThanAsked() throws Exception {
        Path resnet = dir.resolve("resnet.safetensors");
        dev.tensorj.nn.io.SafeTensors.save(java.util.Map.of("model.w", dev.tensorj.tensor.Tensor.of(1, 2)),
                java.util.Map.of("format", "tensorj-training-checkpoint", "version", "1", "model", "ResNet18", "epoch", "4"), resnet);
        assertTrue(rejected("cgan-fashion-notebook", "--checkpoint", resnet.toString()).startsWith("tensorj train: --checkpoint " + resnet
                + " is not a GAN checkpoint tensorj can resume (") , "a classifier's checkpoint");
        Path gan = dir.resolve("gan.safetensors");
        dev.tensorj.nn.io.SafeTensors.save(java.util.Map.of("history_steps.generator", dev.tensorj.tensor.Tensor.zeros(dev.tensorj.tensor.DType.FLOAT64, 30)),
                java.util.Map.of("format", "tensorj-gan-checkpoint", "version", "1", "epoch", "3"), gan);
        assertEquals("tensorj train: --checkpoint " + gan + " already holds 3 epochs and this run asks for 2; give more --epochs to go on",
                rejected("dcgan-mnist", "--checkpoint", gan.toString(), "--epochs", "2"));
    }

    @Test
    void anInterruptedCheckpointSaveIsCleanedUpBeforeTheChecks() throws Exception {
        Path checkpoint = dir.resolve("run.safetensors");
        dev.tensorj.nn.io.SafeTensors.save(java.util.Map.of("w", dev.tensorj.tensor.Tensor.of(1, 2)), java.util.Map.of(), checkpoint);
        Path left = Files.writeString(dir.resolve(".run.safetensors." + java.util.UUID.randomUUID() + ".tmp"), "45 MB, killed");
        rejected("resnet-transfer", "--checkpoint", checkpoint.toString(), "--epochs", "0"); // a bad option: nothing touched yet
        assertTrue(Files.exists(left));
        rejected("resnet-transfer", "--checkpoint", checkpoint.toString()); // the checkpoint's own check: its leftovers went first
        assertFalse(Files.exists(left));
    }
}
