package dev.tensorj.datasets;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 60,000 training and 10,000 test images of
 * clothing, 28×28 pixels, 10 classes, in MNIST's IDX format and shapes (see {@link Mnist}).
 *
 * <p>On Debian, {@code apt-get install dataset-fashion-mnist} puts the files in
 * {@code /usr/share/datasets/fashion-mnist/}, where they are found. Debian's {@code .gz} files
 * differ from upstream only in the gzip header, so both are accepted: by the Debian file digest, or
 * by the digest of the decompressed IDX bytes (which upstream and Debian share).
 */
public final class FashionMnist {
    static final String URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final DataFile TRAIN_IMAGES = file("train-images-idx3-ubyte.gz",
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    static final DataFile TRAIN_LABELS = file("train-labels-idx1-ubyte.gz",
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
    static final DataFile TEST_IMAGES = file("t10k-images-idx3-ubyte.gz",
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    static final DataFile TEST_LABELS = file("t10k-labels-idx1-ubyte.gz",
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    private FashionMnist() {
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

    private static DataFile file(String name, String debianSha256, String contentSha256) {
        return new DataFile("fashion-mnist", name, List.of(URI.create(URL + name)), List.of(debianSha256), Optional.of(contentSha256));
    }
}
