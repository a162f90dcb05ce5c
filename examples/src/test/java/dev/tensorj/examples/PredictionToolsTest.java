package dev.tensorj.examples;

import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The notebook's prediction figures and {@code tensorj predict}. */
class PredictionToolsTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());
    private static final String[] NAMES = {"a", "b", "c"};

    @TempDir
    Path dir;

    @Test
    void valueArrayGridColoursTheTrueBarBlueAndAWrongPredictionRed() throws IOException {
        Tensor images = Tensor.zeros(2, 28, 28);
        Tensor p = Tensor.of(new float[] {0.1f, 0.8f, 0.1f}, new float[] {0.7f, 0.2f, 0.1f});
        Path file = dir.resolve("grid.png");
        PredictionPlots.valueArrayGrid(images, p, new long[] {1, 2}, NAMES, 1, 2, file);
        BufferedImage img = ImageIO.read(file.toFile());
        int cellW = 112 + 160 + 30, barW = 160 / 3, bx = 10 + 112 + 10, base = 10 + 112 - 2;
        assertEquals(PredictionPlots.RIGHT.getRGB(), img.getRGB(bx + barW + 5, base), "right prediction: its bar is blue");
        assertEquals(PredictionPlots.WRONG.getRGB(), img.getRGB(cellW + bx + 5, base), "wrong prediction: the predicted bar is red");
        assertEquals(PredictionPlots.RIGHT.getRGB(), img.getRGB(cellW + bx + 2 * barW + 5, base), "wrong prediction: the true class's bar is blue");
    }

    @Test
    void valueArrayGridNamesMismatchedInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                PredictionPlots.valueArrayGrid(Tensor.zeros(2, 28, 28), Tensor.zeros(2, 3), new long[] {0, 1}, new String[] {"a"}, 1, 2, dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("class names"), e.getMessage());
    }

    @Test
    void predictRejectsAnUnknownModel() {
        assertThrows(IllegalArgumentException.class, () -> PredictCommand.build("resnet"));
    }

    @Test
    void predictCommandExplainsAMissingWeightsFile() {
        String[] result = TrainDeviceOptionTest.run("predict", "fashion-mlp", dir.resolve("none.safetensors").toString(), dir.resolve("none.png").toString());
        assertEquals("2", result[0]);
        assertTrue(result[1].contains("tensorj predict: no weights file"), result[1]);
    }

    @Tag("e2e")
    @Test
    void fashionMlpRunWritesTheFiguresAndItsModelPredictsImageFiles() throws IOException {
        assumeTrue(Loaders.available(FashionMnist::test), "Fashion-MNIST not found; skipping");
        MlpExercise.run(MlpExercise.Dataset.FASHION, 1, 128, 42, 3000, dir, QUIET, false);
        for (String f : new String[] {"prediction-grid.png", "training-images.png", "model.safetensors", "report.md"}) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f + " missing or empty");
        }
        var test = FashionMnist.test();
        float[] pixels = test.inputs().narrow(0, 0, 20).contiguous().toFloatArray();
        long[] labels = test.targets().toLongArray();
        int right = 0;
        for (int i = 0; i < 20; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int k = 0; k < 784; k++) img.getRaster().setSample(k % 28, k / 28, 0, Math.round(pixels[i * 784 + k]));
            Path png = dir.resolve("t" + i + ".png");
            ImageIO.write(img, "png", png.toFile());
            double[] p = PredictCommand.predict("fashion-mlp", dir.resolve("model.safetensors"), png, false);
            assertEquals(10, p.length);
            double sum = 0;
            int best = 0;
            for (int c = 0; c < 10; c++) {
                sum += p[c];
                if (p[c] > p[best]) best = c;
            }
            assertEquals(1.0, sum, 1e-4);
            if (best == labels[i]) right++;
        }
        assertTrue(right >= 12, "only " + right + " of 20 test images right through tensorj predict");
    }
}
