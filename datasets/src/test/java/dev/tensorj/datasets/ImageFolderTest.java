package dev.tensorj.datasets;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderTest {
    @TempDir
    Path root;

    /** Two classes, "b" written before "a" so only sorting puts "a" first; one gray and one RGB image. */
    private void writeFolder() {
        ImageFiles.writeGrayPng(root.resolve("b/1.png"), new byte[] {0, 10, 20, 30, (byte) 255, 50}, 2, 3);
        ImageFiles.writeGrayPng(root.resolve("a/2.png"), new byte[] {1, 2, 3, 4, 5, 6}, 2, 3);
        ImageFiles.writeGrayPng(root.resolve("a/1.png"), new byte[] {7, 8, 9, 10, 11, 12}, 2, 3);
    }

    @Test
    void classesComeFromSortedFolderNamesAndFilesInNameOrder() {
        writeFolder();
        ImageFolder folder = ImageFolder.open(root);
        assertEquals(List.of("a", "b"), folder.classNames());
        assertEquals(3, folder.size());
        assertArrayEquals(new long[] {0, 0, 1}, folder.labels());
        assertEquals(List.of("1.png", "2.png", "1.png"), folder.files().stream().map(p -> p.getFileName().toString()).toList());
        Example first = folder.get(0);
        assertArrayEquals(new int[] {1, 2, 3}, first.input().shape().toArray());
        assertArrayEquals(new float[] {7, 8, 9, 10, 11, 12}, first.input().toFloatArray());
        assertEquals(DType.INT64, first.target().dtype());
        assertArrayEquals(new float[] {0, 10, 20, 30, 255, 50}, folder.get(2).input().toFloatArray());
    }

    @Test
    void rgbImagesHaveThreePlanarChannels() {
        ImageFiles.writeRgbPng(root.resolve("c/x.png"), new int[] {0xFF0000, 0x00FF00, 0x0000FF, 0x102030}, 2, 2);
        Tensor image = ImageFolder.open(root).get(0).input();
        assertArrayEquals(new int[] {3, 2, 2}, image.shape().toArray());
        assertArrayEquals(new float[] {255, 0, 0, 16, 0, 255, 0, 32, 0, 0, 255, 48}, image.toFloatArray());
    }

    @Test
    void jpegImagesAreReadToo() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) image.setRGB(x, y, 0x808080);
        Files.createDirectories(root.resolve("gray"));
        javax.imageio.ImageIO.write(image, "jpg", root.resolve("gray/a.JPG").toFile());
        Tensor read = ImageFolder.open(root).get(0).input();
        assertArrayEquals(new int[] {3, 8, 8}, read.shape().toArray());
        for (float v : read.toFloatArray()) assertEquals(128, v, 3, "a flat gray JPEG decodes to about 128");
    }

    @Test
    void loadStacksTransformedImages() {
        writeFolder();
        ImageTransform pipeline = ImageTransforms.resize(4, 6).andThen(ImageTransforms.grayscaleToRgb()).andThen(ImageTransforms.toUnitRange())
                .andThen(ImageTransforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.5, 1}));
        TensorDataset data = ImageFolder.open(root, pipeline).load();
        assertArrayEquals(new int[] {3, 3, 4, 6}, data.inputs().shape().toArray());
        assertArrayEquals(new long[] {0, 0, 1}, data.labels());
        assertEquals(List.of("a", "b"), data.classNames());
        // image 0, pixel (0,0) is 7 in every channel; channel c is (7/255 - 0.5) / std[c]
        Tensor pixel = data.inputs().select(0, 0).select(1, 0).select(1, 0);
        assertArrayEquals(new float[] {(float) ((7 / 255.0 - 0.5) / 0.25), (float) ((7 / 255.0 - 0.5) / 0.5), (float) (7 / 255.0 - 0.5)}, pixel.contiguous().toFloatArray(), 1e-5f);
    }

    @Test
    void bilinearResizeSamplesAtPixelCentres() {
        Image image = new Image(1, 2, 2, new float[] {0, 10, 20, 30});
        Image up = ImageTransforms.resize(4, 4).apply(image);
        // PyTorch F.interpolate(mode='bilinear', align_corners=False) of [[0, 10], [20, 30]] to 4x4
        assertArrayEquals(new float[] {0, 2.5f, 7.5f, 10, 5, 7.5f, 12.5f, 15, 15, 17.5f, 22.5f, 25, 20, 22.5f, 27.5f, 30}, up.values(), 1e-5f);
        Image down = ImageTransforms.resize(1, 1).apply(up);
        assertEquals(15f, down.values()[0], 1e-5f);
    }

    @Test
    void grayscaleToRgbCopiesTheChannel() {
        Image rgb = ImageTransforms.grayscaleToRgb().apply(new Image(1, 1, 2, new float[] {3, 4}));
        assertArrayEquals(new float[] {3, 4, 3, 4, 3, 4}, rgb.values());
    }

    @Test
    void mixedSizesAreAClearErrorWhenLoaded() {
        writeFolder();
        ImageFiles.writeGrayPng(root.resolve("b/2.png"), new byte[4], 2, 2);
        DatasetException e = assertThrows(DatasetException.class, () -> ImageFolder.open(root).load());
        assertTrue(e.getMessage().contains("resize"), e.getMessage());
    }

    @Test
    void emptyAndMissingFoldersAreClearErrors() throws Exception {
        assertThrows(DatasetException.class, () -> ImageFolder.open(root.resolve("missing")));
        DatasetException none = assertThrows(DatasetException.class, () -> ImageFolder.open(root));
        assertTrue(none.getMessage().contains("no class folders"), none.getMessage());
        Files.createDirectories(root.resolve("empty"));
        DatasetException empty = assertThrows(DatasetException.class, () -> ImageFolder.open(root));
        assertTrue(empty.getMessage().contains("no .png/.jpg"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageTransforms.normalize(new double[] {0.5}, new double[] {0}));
    }
}
