package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CIFAR-10 (Krizhevsky 2009): 32×32 colour images in 10 classes, in the official binary format.
 *
 * <p>A binary batch file is a plain sequence of 3,073-byte records, no header: one label byte
 * (0–9), then 1,024 red, 1,024 green and 1,024 blue bytes, each channel 32×32 row-major. Inputs
 * are FLOAT32 {@code [N, 3, 32, 32]} of raw values 0..255 (see {@link Transforms#toUnitRange()});
 * targets INT64 {@code [N]}.
 *
 * <p>{@link #train()} and {@link #test()} read the official {@code cifar-10-binary.tar.gz}
 * (170 MB, downloaded into the cache when missing, checked by the publisher's MD5) without
 * unpacking it. {@link #subset()} is the project's staged file
 * {@code cifar10/data_batch_1_first4000.bin}: the first 4,000 records of the official
 * {@code data_batch_1.bin}. {@link #read} takes any unpacked batch files.
 */
public final class Cifar10 {
    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
    public static final String DATASET_PAGE = "https://www.cs.toronto.edu/~kriz/cifar.html";

    static final int IMAGE_BYTES = 3 * 32 * 32;
    static final int RECORD_BYTES = 1 + IMAGE_BYTES;

    static final DataFile SUBSET = new DataFile("cifar10", "data_batch_1_first4000.bin", List.of(),
            List.of("0993cf8b8e43bc207603aef9787006995746513f5e3fa5a52e06d1b069926330"), Optional.empty());

    /** The official archive; its publisher gives only an MD5. */
    static final DataFile ARCHIVE = new DataFile("cifar10", "cifar-10-binary.tar.gz",
            List.of(URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")), List.of(), Optional.empty(),
            List.of("c32a1d4ab5d03f1284b67883e8d87530"));
    static final List<String> TRAIN_MEMBERS = List.of("cifar-10-batches-bin/data_batch_1.bin", "cifar-10-batches-bin/data_batch_2.bin",
            "cifar-10-batches-bin/data_batch_3.bin", "cifar-10-batches-bin/data_batch_4.bin", "cifar-10-batches-bin/data_batch_5.bin");
    static final String TEST_MEMBER = "cifar-10-batches-bin/test_batch.bin";

    private Cifar10() {
    }

    /** The first 4,000 training images (the project's staged subset). */
    public static TensorDataset subset() {
        return subset(DataLocator.standard());
    }

    public static TensorDataset subset(DataLocator locator) {
        return read(locator.locate(SUBSET));
    }

    /** The 50,000 training images, from the official {@code cifar-10-binary.tar.gz} (downloaded when missing). */
    public static TensorDataset train() {
        return train(DataLocator.standard());
    }

    /** The 10,000 test images, from the official {@code cifar-10-binary.tar.gz} (downloaded when missing). */
    public static TensorDataset test() {
        return test(DataLocator.standard());
    }

    public static TensorDataset train(DataLocator locator) {
        return readArchive(locator.locate(ARCHIVE), true);
    }

    public static TensorDataset test(DataLocator locator) {
        return readArchive(locator.locate(ARCHIVE), false);
    }

    /**
     * Reads the training batches ({@code data_batch_1.bin} … {@code data_batch_5.bin}, in that
     * order) or the test batch ({@code test_batch.bin}) straight out of the official tar.gz.
     */
    public static TensorDataset readArchive(Path archive, boolean train) {
        Map<String, byte[]> members = new TreeMap<>();
        List<String> wanted = train ? TRAIN_MEMBERS : List.of(TEST_MEMBER);
        TarArchive.read(archive, wanted::contains, members::put);
        if (members.size() != wanted.size()) {
            List<String> missing = wanted.stream().filter(name -> !members.containsKey(name)).toList();
            throw DatasetException.inFile(archive, "is missing " + missing + "; is it the binary version of CIFAR-10?");
        }
        List<String> sources = members.keySet().stream().map(name -> archive + "!/" + name).toList();
        return fromRecords(sources, List.copyOf(members.values()));
    }

    /** The records of one or more binary batch files, concatenated in order. */
    public static TensorDataset read(Path... files) {
        List<String> sources = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            sources.add(file.toString());
            contents.add(BinaryFiles.readAll(file));
        }
        return fromRecords(sources, contents);
    }

    private static TensorDataset fromRecords(List<String> sources, List<byte[]> contents) {
        int records = 0;
        for (int f = 0; f < contents.size(); f++) {
            checkRecords(sources.get(f), contents.get(f));
            records += contents.get(f).length / RECORD_BYTES;
        }
        float[] pixels = new float[records * IMAGE_BYTES];
        long[] labels = new long[records];
        int record = 0;
        for (byte[] content : contents) {
            for (int offset = 0; offset < content.length; offset += RECORD_BYTES, record++) {
                labels[record] = content[offset] & 0xFF;
                int base = record * IMAGE_BYTES;
                for (int i = 0; i < IMAGE_BYTES; i++) pixels[base + i] = content[offset + 1 + i] & 0xFF;
            }
        }
        return new TensorDataset(Tensor.fromArray(pixels, records, 3, 32, 32), Tensor.fromArray(labels, records), CLASS_NAMES);
    }

    /** Whole records only, and every label a class index. */
    private static void checkRecords(String source, byte[] content) {
        if (content.length == 0 || content.length % RECORD_BYTES != 0) {
            throw new DatasetException(source + ": size " + content.length + " is not a positive multiple of the " + RECORD_BYTES
                    + "-byte CIFAR-10 record (" + content.length / RECORD_BYTES + " whole records and " + content.length % RECORD_BYTES + " bytes left over)");
        }
        for (int offset = 0, record = 0; offset < content.length; offset += RECORD_BYTES, record++) {
            int label = content[offset] & 0xFF;
            if (label >= CLASS_NAMES.size()) {
                throw new DatasetException(source + ": record " + record + " (byte offset " + offset + ") has label " + label
                        + ", expected 0 to " + (CLASS_NAMES.size() - 1));
            }
        }
    }
}
