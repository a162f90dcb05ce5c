package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Loads the real files when this machine has them (the folders of {@code TENSORJ_DATA}, the
 * Debian package, or a user's data folder); each test is skipped, not failed, when they are absent.
 */
class RealDataTest {

    /** A locator that never downloads, so a machine without the files skips instead of waiting on the network. */
    static DataLocator offlineLocator() {
        DataLocator standard = DataLocator.standard();
        return new DataLocator(standard.roots(), standard.roots().getFirst(), null);
    }

    static void assumePresent(DataFile... files) {
        for (DataFile file : files) {
            boolean present = offlineLocator().roots().stream().anyMatch(root -> Files.isRegularFile(root.resolve(file.folder()).resolve(file.name())));
            assumeTrue(present, file.relativePath() + " is not on this machine; looked in " + offlineLocator().roots());
        }
    }

    @Test
    void mnistHasItsKnownSizesAndFirstLabels() {
        assumePresent(Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, Mnist.TEST_IMAGES, Mnist.TEST_LABELS);
        TensorDataset train = Mnist.train(offlineLocator());
        TensorDataset test = Mnist.test(offlineLocator());
        assertArrayEquals(new int[] {60000, 1, 28, 28}, train.inputs().shape().toArray());
        assertArrayEquals(new int[] {10000, 1, 28, 28}, test.inputs().shape().toArray());
        assertArrayEquals(new long[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(new long[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
        assertEquals(255.0, train.inputs().max().item());
        assertEquals(0.0, train.inputs().min().item());
    }

    @Test
    void fashionMnistHasItsKnownSizesAndClasses() {
        assumePresent(FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS);
        TensorDataset train = FashionMnist.train(offlineLocator());
        TensorDataset test = FashionMnist.test(offlineLocator());
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals("Ankle boot", train.classNames().get((int) train.labels()[0])); // the first training image is an ankle boot
        long[] counts = new long[10];
        for (long label : test.labels()) counts[(int) label]++;
        assertArrayEquals(new long[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
    }

    @Test
    void irisIs150By4InThreeClassesOf50() {
        assumePresent(Iris.FILE);
        TensorDataset iris = Iris.load(offlineLocator());
        assertArrayEquals(new int[] {150, 4}, iris.inputs().shape().toArray());
        assertEquals(java.util.List.of("setosa", "versicolor", "virginica"), iris.classNames());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, iris.get(0).input().toFloatArray());
        long[] counts = new long[3];
        for (long label : iris.labels()) counts[(int) label]++;
        assertArrayEquals(new long[] {50, 50, 50}, counts);
    }

    @Test
    void redWineIs1599By11WithScores3To8() {
        assumePresent(WineQuality.RED);
        TensorDataset wine = WineQuality.red(offlineLocator());
        assertArrayEquals(new int[] {1599, 11}, wine.inputs().shape().toArray());
        assertArrayEquals(new float[] {7.4f, 0.7f, 0f, 1.9f, 0.076f, 11f, 34f, 0.9978f, 3.51f, 0.56f, 9.4f}, wine.get(0).input().toFloatArray());
        assertEquals(5, wine.labels()[0]);
        assertEquals(3.0, wine.targets().min().item());
        assertEquals(8.0, wine.targets().max().item());
    }

    @Test
    void cifarSubsetHas4000RecordsWithTheKnownFirstLabelsAndPixels() {
        assumePresent(Cifar10.SUBSET);
        TensorDataset cifar = Cifar10.subset(offlineLocator());
        assertArrayEquals(new int[] {4000, 3, 32, 32}, cifar.inputs().shape().toArray());
        assertArrayEquals(new long[] {6, 9, 9, 4, 1, 1, 2, 7, 8, 3}, Arrays.copyOf(cifar.labels(), 10));
        assertArrayEquals(new float[] {59, 43, 50, 68, 98, 119}, Arrays.copyOf(cifar.get(0).input().toFloatArray(), 6), "first red bytes");
        long[] counts = new long[10];
        for (long label : cifar.labels()) counts[(int) label]++;
        assertArrayEquals(new long[] {396, 366, 420, 384, 422, 393, 414, 385, 407, 413}, counts);
    }

    /** Loaded once for all IMDB tests: parsing 50,000 reviews takes seconds. */
    private static Imdb imdb;

    static synchronized Imdb imdb() {
        assumePresent(Imdb.ARCHIVE, Imdb.WORD_INDEX);
        if (imdb == null) imdb = Imdb.load(offlineLocator());
        return imdb;
    }

    @Test
    void imdbHas25000BalancedReviewsPerSplit() {
        Imdb data = imdb();
        for (ImdbReviews split : java.util.List.of(data.train(), data.test())) {
            assertEquals(25000, split.size());
            assertEquals(12500, Arrays.stream(split.labels()).sum(), "half of the reviews are positive");
            for (int[] sequence : split.sequences()) assertEquals(Imdb.START, sequence[0]);
        }
        assertEquals(88584, data.wordIndex().size());
        assertEquals(4, data.encode("the")[1], "'the' is rank 1, index 4");
    }

    @Test
    void imdbWordsLimitPadAndDecode() {
        Imdb data = imdb();
        TensorDataset train = data.train().limitWords(10000).toDataset(256);
        assertArrayEquals(new int[] {25000, 256}, train.inputs().shape().toArray());
        assertEquals(9999.0, train.inputs().max().item(), "numWords 10000 keeps indices below 10000");
        int[] first = data.train().sequences()[0];
        String text = data.decode(first);
        assertEquals(first.length, text.split(" ").length, "one decoded word per index");
        long known = Arrays.stream(data.train().sequences()).flatMapToInt(Arrays::stream).filter(i -> i > Imdb.OOV).count();
        long all = Arrays.stream(data.train().sequences()).mapToLong(s -> s.length - 1).sum();
        assertEquals(1.0, (double) known / all, 1e-3, "nearly every word of the reviews is in Keras' index");
    }
}
