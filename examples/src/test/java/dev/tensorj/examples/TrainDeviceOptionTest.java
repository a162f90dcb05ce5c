package dev.tensorj.examples;

import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code tensorj train --device}: a device that cannot be had fails at once, with one line naming why and
 * before any data loads (these runs would take minutes otherwise, and find no data on CI).
 */
class TrainDeviceOptionTest {

    @AfterEach
    void backToTheCpu() {
        TrainingDevice.select("cpu", "c1");
    }

    /** Runs the command line; returns the exit code and what it printed on stderr and stdout. */
    static String[] run(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = TensorjCli.commandLine().execute(args); // as TensorjCli.main
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void withoutAGpuCudaFailsInOneLineNamingWhy() {
        assumeFalse(Backends.isAvailable(Device.cuda(0)), "this machine has a GPU");
        String[] result = run("train", "c2", "--device", "cuda", "--epochs", "1");
        assertEquals("2", result[0]);
        String[] lines = result[1].strip().split("\n");
        assertEquals(1, lines.length, "one line: " + result[1]);
        assertTrue(lines[0].startsWith("tensorj train: --device cuda:0: ") && lines[0].contains("no GPU for cuda:0: "), lines[0]);
        assertEquals("", result[2], "nothing else ran (no model summary, no data)");
    }

    @Test
    void aModelNotWiredForTheGpuSaysWhichAre() {
        String[] result = run("train", "iris", "--device", "cuda:1");
        assertEquals("2", result[0]);
        assertEquals("tensorj train: --device cuda:1: iris trains on the CPU only so far; on the GPU: c1, c2, fashion-mlp, mnist-mlp", result[1].strip());
    }

    @Test
    void anUnknownDeviceNamesTheChoices() {
        String[] result = run("train", "c1", "--device", "tpu");
        assertEquals("2", result[0]);
        assertEquals("tensorj train: --device tpu: expected cpu, cuda or cuda:N", result[1].strip());
    }
}
