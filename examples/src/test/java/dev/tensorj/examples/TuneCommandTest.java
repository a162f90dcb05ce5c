package dev.tensorj.examples;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad {@code tune} options are one-line errors (exit code 2) before any data is read or Spark starts. */
class TuneCommandTest {
    private static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            int code = new CommandLine(new TensorjCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
            return new String[] {Integer.toString(code), captured.toString()};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void badGridsMetricsAndSearchesAreRejectedUpFront() {
        String[] unknown = run("tune", "mnist-grid", "--grid", "momentum=0.9");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[1].contains("unknown parameter 'momentum'"), unknown[1]);
        String[] wrongType = run("tune", "mnist-grid", "--grid", "hidden=1.5");
        assertTrue(wrongType[1].contains("parameter 'hidden': '1.5' is not an int"), wrongType[1]);
        String[] empty = run("tune", "mnist-grid", "--grid", "lr=");
        assertTrue(empty[1].contains("axis 'lr' is empty"), empty[1]);
        String[] metric = run("tune", "mnist-grid", "--metric", "auc");
        assertTrue(metric[1].contains("unknown metric 'auc'"), metric[1]);
        assertEquals("2", run("tune", "mnist-grid", "--folds", "0")[0]);
        assertEquals("2", run("tune", "other-grid")[0]);
    }

    @Test
    void theCourseGridHas243Configurations() {
        assertEquals(243, MnistGridSearch.grid(null).size());
        assertEquals(3 * 3 * 3 * 3 * 2, MnistGridSearch.grid("epochs=5,10").size());
        assertEquals(java.util.List.of(5, 10), MnistGridSearch.grid("epochs=5,10").axis("epochs").values());
    }
}
