package dev.tensorj.nn.train;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The lean core draws no bar of its own: even when forced, without {@code tensorj-plot} there is only the epoch line. */
class ProgressDisplayTest {
    @AfterEach
    void clear() {
        System.clearProperty(ProgressDisplay.PROPERTY);
    }

    @Test
    void withoutThePlotArtifactThereIsNoBarEvenWhenForced() {
        System.setProperty(ProgressDisplay.PROPERTY, "bar");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressDisplay p = ProgressDisplay.console("Epoch 1/1", 3, new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
            assertSame(ProgressDisplay.NONE, p);
            p.step("loss 0.5");
        }
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
