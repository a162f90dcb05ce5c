package dev.tensorj.examples;

import dev.tensorj.datasets.DatasetException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures are the user's to fix (one line, exit 2) and which are ours (exit 1, a hint at --debug). */
class CliErrorsTest {
    @Test
    void aMissingOrWrongDataSetIsTheUsersToFix() {
        assertTrue(CliErrors.isUserError(new DatasetException("mnist/train-images-idx3-ubyte.gz was found nowhere; put it in $TENSORJ_DATA/mnist/")));
        assertTrue(CliErrors.isUserError(new UsageError("--epochs must be at least 1, got 0")));
        assertFalse(CliErrors.isUserError(new IllegalStateException("a bug of ours")));
        assertFalse(CliErrors.isUserError(new NullPointerException()));
    }
}
