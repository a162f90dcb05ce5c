package dev.tensorj.datasets;

import dev.tensorj.tensor.Generator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the course's MNIST PNG subset, {@code DIR/train|valid|test/<digit>/<index>.png}, from the
 * MNIST IDX files: 600 training and 200 validation images drawn from MNIST's training set, 100 test
 * images from its test set, the same number of every digit (60 / 20 / 10), chosen with a seeded
 * shuffle of each digit's images so the same seed always writes the same files. A file's name is the
 * image's index in its MNIST file, zero-padded, so any image can be traced back.
 */
public final class MnistPngExport {
    /** Images per split in the course's subset. */
    public static final int TRAIN = 600, VALID = 200, TEST = 100;
    /** The default seed of {@code ./tensorj export mnist-png}. */
    public static final long DEFAULT_SEED = 42;

    private MnistPngExport() {
    }

    /** The course's subset from the MNIST files found by {@code locator}; returns the number of images per split. */
    public static Map<String, Integer> export(DataLocator locator, Path directory, long seed) {
        return export(Mnist.train(locator), Mnist.test(locator), directory, seed, TRAIN, VALID, TEST);
    }

    /**
     * Writes {@code train + valid} images of {@code trainSource} and {@code test} of {@code testSource}
     * (each count a multiple of the number of classes) as 8-bit grayscale PNGs; pixel values are the raw
     * 0..255 inputs of the datasets ({@code [N, 1, H, W]}).
     */
    public static Map<String, Integer> export(TensorDataset trainSource, TensorDataset testSource, Path directory, long seed, int train, int valid, int test) {
        int classes = Math.max(trainSource.classNames().size(), 1);
        for (int count : new int[] {train, valid, test}) {
            if (count < 0 || count % classes != 0) {
                throw new IllegalArgumentException("MnistPngExport: split sizes " + train + "/" + valid + "/" + test + " must be multiples of the " + classes + " classes");
            }
        }
        Generator generator = new Generator(seed);
        Map<String, Integer> written = new LinkedHashMap<>();
        int[][] trainPicks = pick(trainSource.labels(), classes, (train + valid) / classes, generator, "training");
        int[][] testPicks = pick(testSource.labels(), classes, test / classes, generator, "test");
        written.put("train", write(trainSource, trainPicks, 0, train / classes, directory.resolve("train")));
        written.put("valid", write(trainSource, trainPicks, train / classes, valid / classes, directory.resolve("valid")));
        written.put("test", write(testSource, testPicks, 0, test / classes, directory.resolve("test")));
        return written;
    }

    /** For each class, {@code perClass} of its example indices in a seeded random order. */
    private static int[][] pick(long[] labels, int classes, int perClass, Generator generator, String what) {
        int[][] picks = new int[classes][];
        for (int c = 0; c < classes; c++) {
            final long label = c;
            int[] members = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
            if (members.length < perClass) {
                throw new IllegalArgumentException("MnistPngExport: the " + what + " set has " + members.length + " images of class " + c + ", " + perClass + " are needed");
            }
            Splits.shuffle(members, generator);
            picks[c] = Arrays.copyOf(members, perClass);
        }
        return picks;
    }

    private static int write(TensorDataset source, int[][] picks, int from, int count, Path splitDir) {
        int height = source.inputs().size(2), width = source.inputs().size(3);
        int written = 0;
        for (int c = 0; c < picks.length; c++) {
            for (int k = from; k < from + count; k++) {
                int index = picks[c][k];
                float[] values = source.inputs().select(0, index).contiguous().toFloatArray();
                byte[] pixels = new byte[values.length];
                for (int i = 0; i < values.length; i++) pixels[i] = (byte) Math.round(Math.max(0, Math.min(255, values[i])));
                ImageFiles.writeGrayPng(splitDir.resolve(source.classNames().get(c)).resolve(String.format("%05d.png", index)), pixels, height, width);
                written++;
            }
        }
        return written;
    }
}
