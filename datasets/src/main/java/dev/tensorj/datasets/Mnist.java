package dev.tensorj.datasets;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * MNIST handwritten digits (LeCun, Cortes &amp; Burges): 60,000 training and 10,000 test images of
 * 28 x 28 pixels. {@code Mnist.train()} / {@code Mnist.test()} find, verify (SHA-256) and read the
 * official gzip IDX files; see {@link DataLocator} for where they are looked for.
 */
public final class Mnist {
    private static final List<String> MIRRORS = List.of(
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "https://ossci-datasets.s3.amazonaws.com/mnist/");

    static final DataFile TRAIN_IMAGES = file("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    static final DataFile TRAIN_LABELS = file("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c");
    static final DataFile TEST_IMAGES = file("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6");
    static final DataFile TEST_LABELS = file("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {
    }

    private static DataFile file(String name, String sha256) {
        return new DataFile("mnist", name, MIRRORS.stream().map(m -> m + name).toList(), Set.of(sha256), Set.of());
    }

    public static ImageDataset train() throws IOException {
        return load(DataLocator.defaults(), true);
    }

    public static ImageDataset test() throws IOException {
        return load(DataLocator.defaults(), false);
    }

    public static boolean isAvailable() {
        DataLocator locator = DataLocator.defaults();
        return locator.isPresent(TRAIN_IMAGES) && locator.isPresent(TEST_LABELS);
    }

    public static ImageDataset load(DataLocator locator, boolean train) throws IOException {
        return Idx.load(locator, train ? TRAIN_IMAGES : TEST_IMAGES, train ? TRAIN_LABELS : TEST_LABELS, CLASS_NAMES);
    }
}
