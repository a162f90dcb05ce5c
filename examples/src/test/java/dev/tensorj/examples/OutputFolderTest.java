package dev.tensorj.examples;

import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run's folder: the previous run's files and interrupted saves' temporary files go, the user's files stay. */
class OutputFolderTest {
    @TempDir
    Path dir;

    @Test
    void theNextRunDeletesWhatThePreviousRunWroteAndNothingElse() throws Exception {
        Path out = dir.resolve("c1");
        Files.createDirectories(out);
        Path mine = Files.writeString(out.resolve("notes.txt"), "the user's");
        Files.setLastModifiedTime(mine, java.nio.file.attribute.FileTime.fromMillis(0));
        OutputFolder first = OutputFolder.open(out, "--out");
        Files.writeString(out.resolve("learning-curves.png"), "epoch 1..20");
        Files.createDirectories(out.resolve("samples"));
        Files.writeString(out.resolve("samples/epoch-20.png"), "20");
        first.recordOutputs();
        assertEquals(List.of("learning-curves.png", "samples/epoch-20.png"), Files.readAllLines(out.resolve(OutputFolder.MANIFEST)));

        OutputFolder.open(out, "--out"); // a second run, e.g. with fewer epochs: it starts from a clean folder
        assertFalse(Files.exists(out.resolve("learning-curves.png")));
        assertFalse(Files.exists(out.resolve("samples/epoch-20.png")));
        assertFalse(Files.exists(out.resolve(OutputFolder.MANIFEST)));
        assertEquals("the user's", Files.readString(mine));
    }

    @Test
    void aContinuedRunKeepsThePreviousRunsFilesAndListsBoth() throws Exception {
        Path out = dir.resolve("gan");
        OutputFolder first = OutputFolder.open(out, "--out");
        Files.writeString(out.resolve("samples_epoch_001.png"), "1");
        first.recordOutputs();
        Path half = Files.writeString(out.resolve(".tmp-" + UUID.randomUUID() + ".png"), "killed mid-write");

        OutputFolder continued = OutputFolder.openToContinue(out, "--out"); // resumed from the checkpoint of epoch 1
        assertTrue(Files.exists(out.resolve("samples_epoch_001.png")), "the earlier epochs' grids stay");
        assertFalse(Files.exists(half), "an interrupted save's temporary file goes");
        Files.writeString(out.resolve("samples_epoch_002.png"), "2");
        continued.recordOutputs();
        assertEquals(List.of("samples_epoch_001.png", "samples_epoch_002.png"), Files.readAllLines(out.resolve(OutputFolder.MANIFEST)));

        OutputFolder.open(out, "--out"); // a fresh run clears both
        assertFalse(Files.exists(out.resolve("samples_epoch_001.png")) || Files.exists(out.resolve("samples_epoch_002.png")));
    }

    @Test
    void temporaryFilesOfAnInterruptedSaveAreRemoved() throws Exception {
        Path out = Files.createDirectories(dir.resolve("run"));
        Path checkpointTmp = Files.writeString(out.resolve(".model.safetensors." + UUID.randomUUID() + ".tmp"), "half");
        Path pngTmp = Files.writeString(out.resolve(".tmp-" + UUID.randomUUID() + ".png"), "half");
        Path lookalike = Files.writeString(out.resolve(".model.safetensors.backup.tmp"), "not ours");
        OutputFolder.open(out, "--out");
        assertFalse(Files.exists(checkpointTmp));
        assertFalse(Files.exists(pngTmp));
        assertTrue(Files.exists(lookalike), "only names of the atomic saves' pattern");

        Path checkpoint = dir.resolve("ckpt.safetensors");
        SafeTensors.save(Map.of("w", Tensor.of(1, 2)), Map.of(), checkpoint);
        Path left = Files.writeString(dir.resolve(".ckpt.safetensors." + UUID.randomUUID() + ".tmp"), "killed mid-write");
        Path other = Files.writeString(dir.resolve(".other.safetensors." + UUID.randomUUID() + ".tmp"), "another file's");
        assertEquals(1, OutputFolder.removeTemporariesOf(checkpoint));
        assertFalse(Files.exists(left));
        assertTrue(Files.exists(other) && Files.exists(checkpoint));
    }

    @Test
    void aFileOrAPathUnderAFileIsNoFolder() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals("--out " + file + " is a file, not a folder", assertThrows(UsageError.class, () -> OutputFolder.check(file, "--out")).getMessage());
        assertTrue(assertThrows(UsageError.class, () -> OutputFolder.open(file.resolve("a/b"), "--out")).getMessage().endsWith(file + " is a file, not a folder"));
        assertEquals(dir.resolve("new/deep"), OutputFolder.check(dir.resolve("new/deep"), "--out"));
        assertFalse(Files.exists(dir.resolve("new")), "check creates nothing");
    }

    /**
     * A run stopped with SIGTERM (what {@code kill} and {@link Process#destroy} send; Ctrl-C's SIGINT takes the same
     * path) still lists its files, so that the next run clears them. A child JVM opens the folder, writes a grid and
     * waits to be stopped.
     */
    @Test
    void aRunStoppedWithSigtermStillListsItsFiles() throws Exception {
        Path out = dir.resolve("stopped");
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"), StoppedRun.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            assertEquals("writing", lines.readLine(), "the child run started");
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the child JVM stopped");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(List.of("samples_epoch_001.png"), Files.readAllLines(out.resolve(OutputFolder.MANIFEST)));

        OutputFolder.open(out, "--out"); // the next run starts from a clean folder
        assertFalse(Files.exists(out.resolve("samples_epoch_001.png")));
    }

    /** The child JVM of {@link #aRunStoppedWithSigtermStillListsItsFiles}: a run that is stopped before it ends. */
    static final class StoppedRun {
        public static void main(String[] args) throws Exception {
            Path out = Path.of(args[0]);
            OutputFolder.open(out, "--out");
            Files.writeString(out.resolve("samples_epoch_001.png"), "1");
            System.out.println("writing");
            System.out.flush();
            Thread.sleep(120_000); // stopped here by the test
        }
    }
}
