package dev.tensorj.datasets;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * MNIST handwritten digits (LeCun, Cortes &amp; Burges): 60,000 training and 10,000 test images of
 * 28×28 pixels, labels 0–9.
 *
 * <p>Inputs are FLOAT32 {@code [N, 1, 28, 28]} with the raw pixel values 0..255 (apply
 * {@link Transforms#toUnitRange()} to get [0, 1]); targets are INT64 {@code [N]}.
 * <pre>{@code TensorDataset train = Mnist.train();}</pre>
 */
public final class Mnist {
    /** Where the official files are served (the original site now often refuses downloads; this mirror is torchvision's). */
    static final String MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    static final String ORIGINAL = "http://yann.lecun.com/exdb/mnist/";

    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    static final DataFile TRAIN_IMAGES = file("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    static final DataFile TRAIN_LABELS = file("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c");
    static final DataFile TEST_IMAGES = file("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6");
    static final DataFile TEST_LABELS = file("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    private Mnist() {
    }

    /** The 60,000 training images. */
    public static TensorDataset train() {
        return train(DataLocator.standard());
    }

    /** The 10,000 test images. */
    public static TensorDataset test() {
        return test(DataLocator.standard());
    }

    public static TensorDataset train(DataLocator locator) {
        return IdxDatasets.load(locator, TRAIN_IMAGES, TRAIN_LABELS, CLASS_NAMES);
    }

    public static TensorDataset test(DataLocator locator) {
        return IdxDatasets.load(locator, TEST_IMAGES, TEST_LABELS, CLASS_NAMES);
    }

    private static DataFile file(String name, String sha256) {
        return new DataFile("mnist", name, List.of(URI.create(MIRROR + name), URI.create(ORIGINAL + name)), List.of(sha256), Optional.empty());
    }
}
