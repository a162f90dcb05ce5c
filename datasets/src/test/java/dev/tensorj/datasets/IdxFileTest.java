package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tensorj.tensor.DType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on small files built here: valid ones, raw and gzipped, and every kind of corruption. */
class IdxFileTest {
    private static final List<String> TEN = Mnist.CLASS_NAMES;

    @TempDir
    Path dir;

    @Test
    void readsRawAndGzippedFilesAlike() {
        byte[] images = TestFiles.idx(new int[] {3, 2, 2}, TestFiles.ramp(12, 250)); // 250..255, 0..5: unsigned
        byte[] labels = TestFiles.idx(new int[] {3}, new byte[] {9, 0, 4});
        for (boolean gz : new boolean[] {false, true}) {
            String suffix = gz ? ".gz" : "";
            Path imageFile = TestFiles.write(dir.resolve("images" + suffix), gz ? TestFiles.gzip(images) : images);
            Path labelFile = TestFiles.write(dir.resolve("labels" + suffix), gz ? TestFiles.gzip(labels) : labels);
            TensorDataset data = IdxDatasets.read(imageFile, labelFile, TEN);
            assertEquals(3, data.size());
            assertArrayEquals(new int[] {3, 1, 2, 2}, data.inputs().shape().toArray());
            assertEquals(DType.FLOAT32, data.inputs().dtype());
            assertEquals(DType.INT64, data.targets().dtype());
            assertArrayEquals(new float[] {250, 251, 252, 253, 254, 255, 0, 1, 2, 3, 4, 5}, data.inputs().toFloatArray(), "gz=" + gz);
            assertArrayEquals(new long[] {9, 0, 4}, data.targets().toLongArray());
        }
    }

    @Test
    void badMagicNumberIsNamed() {
        byte[] bytes = TestFiles.idx(new int[] {2}, new byte[] {1, 2});
        bytes[0] = 0x1F;
        Path file = TestFiles.write(dir.resolve("labels"), bytes);
        assertProblem(file, "bad magic number 0x1F000801");
    }

    @Test
    void unsupportedValueTypeIsNamed() {
        byte[] bytes = TestFiles.idx(new int[] {2}, new byte[] {1, 2});
        bytes[2] = 0x0D;
        assertProblem(TestFiles.write(dir.resolve("labels"), bytes), "value type 0x0D is not supported");
    }

    @Test
    void sizeThatDisagreesWithTheHeaderIsAnError() {
        byte[] images = TestFiles.idx(new int[] {3, 2, 2}, TestFiles.ramp(12, 0));
        Path truncated = TestFiles.write(dir.resolve("short.gz"), TestFiles.gzip(Arrays.copyOf(images, images.length - 1)));
        assertProblem(truncated, "need 28 bytes, the decompressed file has 27 (truncated)");
        Path longer = TestFiles.write(dir.resolve("long"), Arrays.copyOf(images, images.length + 5));
        assertProblem(longer, "need 28 bytes, the file has 33 (trailing data)");
        Path headerOnly = TestFiles.write(dir.resolve("header"), Arrays.copyOf(images, 9));
        assertProblem(headerOnly, "truncated header");
    }

    @Test
    void truncatedGzipIsAnError() {
        byte[] gz = TestFiles.gzip(TestFiles.idx(new int[] {400}, TestFiles.ramp(400, 0)));
        Path file = TestFiles.write(dir.resolve("labels.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertProblem(file, "truncated gzip stream");
    }

    @Test
    void corruptGzipIsAnError() {
        byte[] gz = TestFiles.gzip(TestFiles.idx(new int[] {400}, TestFiles.ramp(400, 0)));
        gz[gz.length - 6] ^= 0x55; // the CRC32 in the trailer
        assertProblem(TestFiles.write(dir.resolve("labels.gz"), gz), "corrupt gzip stream");
    }

    @Test
    void labelOutOfRangeIsNamedWithItsPosition() {
        Path images = TestFiles.write(dir.resolve("images"), TestFiles.idx(new int[] {3, 1, 1}, new byte[3]));
        Path labels = TestFiles.write(dir.resolve("labels"), TestFiles.idx(new int[] {3}, new byte[] {1, 10, 2}));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxDatasets.read(images, labels, TEN));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("label 10 of entry 1 is out of range"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        Path images = TestFiles.write(dir.resolve("images"), TestFiles.idx(new int[] {3, 1, 1}, new byte[3]));
        Path labels = TestFiles.write(dir.resolve("labels"), TestFiles.idx(new int[] {2}, new byte[] {1, 2}));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxDatasets.read(images, labels, TEN));
        assertTrue(e.getMessage().contains("3 images") && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void wrongRankForImagesIsAnError() {
        Path images = TestFiles.write(dir.resolve("images"), TestFiles.idx(new int[] {3}, new byte[3]));
        Path labels = TestFiles.write(dir.resolve("labels"), TestFiles.idx(new int[] {3}, new byte[3]));
        DatasetException e = assertThrows(DatasetException.class, () -> IdxDatasets.read(images, labels, TEN));
        assertTrue(e.getMessage().contains("expected an image file of rank 3"), e.getMessage());
    }

    private static void assertProblem(Path file, String expected) {
        DatasetException e = assertThrows(DatasetException.class, () -> IdxFile.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected),
                "expected the message to name " + file + " and say '" + expected + "', got: " + e.getMessage());
    }
}
