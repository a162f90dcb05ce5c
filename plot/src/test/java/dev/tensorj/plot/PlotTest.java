package dev.tensorj.plot;

import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PlotTest {
    @TempDir
    Path dir;

    @Test
    void learningCurvesWriteOnePngPerMetric() throws Exception {
        Map<String, List<Double>> history = new LinkedHashMap<>();
        history.put("loss", List.of(1.0, 0.6, 0.4));
        history.put("val_loss", List.of(1.1, 0.7, 0.6));
        history.put("accuracy", List.of(0.6, 0.8, 0.9));
        List<Path> files = LearningCurves.save(history, dir, "MLP ");
        assertEquals(List.of(dir.resolve("loss.png"), dir.resolve("accuracy.png")), files);
        BufferedImage image = ImageIO.read(files.get(0).toFile());
        assertEquals(640, image.getWidth());
        try (var stream = Files.list(dir)) {
            assertEquals(2, stream.count(), "no temporary files left behind");
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) { // written atomically, yet with the umask's mode
            Path plain = Files.createFile(dir.resolve("plain"));
            for (Path file : files) assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file), file.toString());
        }
    }

    @Test
    void imageGridColoursCaptionsAndKeepsPixels() throws Exception {
        Tensor images = Tensor.zeros(3, 1, 4, 4);
        images.select(0, 1).fill(1); // the second image is white
        Path file = dir.resolve("grid.png");
        ImageGrid.save(images, 2, 2, false, new long[] {1, 2, 3}, new long[] {1, 0, 3}, null, file);
        BufferedImage image = ImageIO.read(file.toFile());
        int cellW = 4 * 2 + 8;
        assertEquals(2 * cellW, image.getWidth());
        assertEquals(0xFFFFFF, image.getRGB(cellW + 4, 4) & 0xFFFFFF, "second image is white");
        assertEquals(0x000000, image.getRGB(4, 4) & 0xFFFFFF, "first image is black");
    }

    @Test
    void signedColourImages() throws Exception {
        Tensor images = Tensor.uniform(-1, 1, dev.tensorj.tensor.DType.FLOAT32, new Generator(1), 4, 3, 8, 8);
        Path file = dir.resolve("colour.png");
        ImageGrid.save(images, 4, 1, true, file);
        assertEquals(4 * (8 + 8), ImageIO.read(file.toFile()).getWidth());
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.save(Tensor.zeros(2, 2, 4, 4), 2, 1, false, file));
    }

    @Test
    void confusionMatrixHeatMap() throws Exception {
        ConfusionMatrix cm = ConfusionMatrix.of(Tensor.ofLongs(0, 1, 1), Tensor.ofLongs(0, 1, 0), 2);
        Path file = dir.resolve("cm.png");
        ConfusionMatrixPlot.save(cm, new String[] {"cat", "dog"}, "test", file);
        assertNotNull(ImageIO.read(file.toFile()));
    }
}
