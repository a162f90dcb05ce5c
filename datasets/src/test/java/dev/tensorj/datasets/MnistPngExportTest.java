package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MnistPngExportTest {
    @TempDir
    Path dir;

    /** n images of 4x4 whose pixels encode their index, labels cycling over 10 digits. */
    private static TensorDataset synthetic(int n) {
        float[] pixels = new float[n * 16];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < 16; p++) pixels[i * 16 + p] = (i * 7 + p) % 256;
        }
        return new TensorDataset(Tensor.fromArray(pixels, n, 1, 4, 4), Tensor.fromArray(labels, n), Mnist.CLASS_NAMES);
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void writesBalancedSplitsThatReadBackExactly() throws IOException {
        TensorDataset train = synthetic(200), test = synthetic(50);
        Map<String, Integer> counts = MnistPngExport.export(train, test, dir, 7, 60, 20, 10);
        assertEquals(Map.of("train", 60, "valid", 20, "test", 10), counts);
        for (String split : List.of("train", "valid", "test")) {
            ImageFolder folder = ImageFolder.open(dir.resolve(split));
            assertEquals(Mnist.CLASS_NAMES, folder.classNames());
            long[] perClass = new long[10];
            for (long label : folder.labels()) perClass[(int) label]++;
            long expected = counts.get(split) / 10;
            for (long c : perClass) assertEquals(expected, c, split);
            // the file name is the source index; the pixels and label read back are the source's
            TensorDataset source = split.equals("test") ? test : train;
            for (int i = 0; i < folder.size(); i++) {
                int index = Integer.parseInt(folder.files().get(i).getFileName().toString().replace(".png", ""));
                assertArrayEquals(source.inputs().select(0, index).contiguous().toFloatArray(), folder.get(i).input().toFloatArray());
                assertEquals(source.labels()[index], folder.labels()[i]);
            }
        }
        // train and valid never share an image
        List<String> trainNames = listing(dir.resolve("train")), validNames = listing(dir.resolve("valid"));
        assertEquals(trainNames.size(), trainNames.stream().distinct().count());
        assertEquals(0, trainNames.stream().filter(validNames::contains).count());
    }

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedOthers(@TempDir Path again, @TempDir Path other) throws IOException {
        TensorDataset train = synthetic(300), test = synthetic(50);
        MnistPngExport.export(train, test, dir, 7, 60, 20, 10);
        MnistPngExport.export(train, test, again, 7, 60, 20, 10);
        MnistPngExport.export(train, test, other, 8, 60, 20, 10);
        assertEquals(listing(dir), listing(again));
        assertNotEquals(listing(dir), listing(other));
    }

    @Test
    void tooFewImagesOrUnevenSplitsAreClearErrors() {
        TensorDataset small = synthetic(50);
        assertThrows(IllegalArgumentException.class, () -> MnistPngExport.export(small, small, dir, 1, 60, 20, 10));
        assertThrows(IllegalArgumentException.class, () -> MnistPngExport.export(small, small, dir, 1, 15, 0, 0));
    }
}
