package dev.tensorj.datasets;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 60,000 + 10,000 greyscale 28 x 28 images of ten
 * kinds of clothing, in MNIST's IDX format. Debian's {@code dataset-fashion-mnist} package installs
 * the files to {@code /usr/share/datasets/fashion-mnist}; its .gz files differ from upstream only in
 * the gzip header, so a file is accepted when either its own SHA-256 is Debian's or the SHA-256 of its
 * decompressed content is the official data's.
 */
public final class FashionMnist {
    private static final String URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    static final DataFile TRAIN_IMAGES = file("train-images-idx3-ubyte.gz",
            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    static final DataFile TRAIN_LABELS = file("train-labels-idx1-ubyte.gz",
            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
    static final DataFile TEST_IMAGES = file("t10k-images-idx3-ubyte.gz",
            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    static final DataFile TEST_LABELS = file("t10k-labels-idx1-ubyte.gz",
            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    private static DataFile file(String name, String debianSha256, String contentSha256) {
        return new DataFile("fashion-mnist", name, List.of(URL + name), Set.of(debianSha256), Set.of(contentSha256));
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
