package dev.tensorj.examples;

import dev.tensorj.datasets.Iris;
import dev.tensorj.datasets.WineQuality;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The notebook's perceptron, red-wine and Iris exercises: they learn and write their figures and report.md. */
@Tag("e2e")
class NotebookTabularEndToEndTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path out;

    @Test
    void perceptronSeparatesTheTwoBlobs() throws IOException {
        NotebookTabular.Result r = NotebookTabular.perceptron(NotebookTabular.PERCEPTRON_EPOCHS, 42, out, QUIET);
        assertTrue(r.trainAccuracy() == 1.0, "the set is linearly separable, yet accuracy is " + r.trainAccuracy());
        assertTrue(Files.size(out.resolve("decision_boundary.png")) > 1000);
        assertTrue(Files.readString(out.resolve("report.md")).contains("not known"));
    }

    @Test
    void redWineGoodOrNot() throws IOException {
        assumeTrue(Loaders.available(WineQuality::red), "Wine Quality not found; skipping");
        NotebookTabular.Result r = NotebookTabular.wine(30, 42, out, QUIET);
        assertTrue(r.testAccuracy() >= 0.65, "wine test accuracy " + r.testAccuracy() + " < 0.65 (majority class is about 0.53)");
        for (String f : new String[] {"feature_histograms.png", "loss.png", "confusion_matrix.png", "report.md"}) {
            assertTrue(Files.exists(out.resolve(f)), f + " not written");
        }
    }

    @Test
    void irisNotebookAndCorrected() throws IOException {
        assumeTrue(Loaders.available(Iris::load), "Iris not found; skipping");
        NotebookTabular.Result[] r = NotebookTabular.irisBoth(100, 42, out, QUIET);
        assertTrue(r[0].testAccuracy() >= 0.8, "notebook Iris test accuracy " + r[0].testAccuracy());
        assertTrue(r[1].testAccuracy() >= 0.9, "corrected Iris test accuracy " + r[1].testAccuracy());
        for (String f : new String[] {"sepal_scatter.png", "petal_scatter.png", "notebook/loss.png", "corrected/confusion_matrix.png", "report.md"}) {
            assertTrue(Files.exists(out.resolve(f)), f + " not written");
        }
    }
}
