package dev.tensorj.plot;

import dev.tensorj.nn.train.ProgressDisplay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No {@code \r} bar where the output is not a terminal (surefire's is not); the property forces either way, and with
 * this artifact on the class path {@link ProgressDisplay#console} finds the bar through {@code ServiceLoader}.
 */
class ConsoleProgressBarTest {
    @AfterEach
    void clear() {
        System.clearProperty(ProgressDisplay.PROPERTY);
    }

    @Test
    void withoutATerminalThereIsNoBar() {
        java.io.Console console = System.console();
        org.junit.jupiter.api.Assumptions.assumeFalse(console != null && console.isTerminal(), "run from a terminal");
        assertFalse(ProgressDisplay.drawsBar());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressDisplay p = ProgressDisplay.console("Epoch 1/1", 3, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            assertSame(ProgressDisplay.NONE, p);
            p.step("loss 0.5");
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thePropertyForcesEither() {
        System.setProperty(ProgressDisplay.PROPERTY, "lines");
        assertFalse(ProgressDisplay.drawsBar());
        System.setProperty(ProgressDisplay.PROPERTY, "bar");
        assertTrue(ProgressDisplay.drawsBar());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressDisplay p = ProgressDisplay.console("Epoch 1/1", 2, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            p.step("loss 0.5");
            p.step("loss 0.4");
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Epoch 1/1"), bytes.toString(StandardCharsets.UTF_8));
    }
}
