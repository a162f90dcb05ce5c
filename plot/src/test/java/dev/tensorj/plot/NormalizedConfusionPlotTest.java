package dev.tensorj.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizedConfusionPlotTest {
    @Test
    void writesAHeatMapWhoseFullCellsAreDarkerThanEmptyOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cm.png");
        NormalizedConfusionPlot.save(new double[][] {{1, 0}, {0.25, 0.75}}, new String[] {"a", "b"}, "test", file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(120 + 2 * 56 + 20 + 70, image.getWidth());
        int full = image.getRGB(120 + 5, 60 + 5), empty = image.getRGB(120 + 56 + 5, 60 + 5);
        assertEquals(0xFFFFFFFF, empty);
        assertNotEquals(empty, full);
    }

    @Test
    void aRaggedMatrixIsAnError(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> NormalizedConfusionPlot.save(new double[][] {{1, 0}, {1}}, null, "t", dir.resolve("x.png")));
    }
}
