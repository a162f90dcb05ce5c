package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 binary record reader on records built here. */
class Cifar10Test {
    @TempDir
    Path dir;

    /** A record whose label is {@code label} and whose red, green and blue planes are filled with 1, 2 and 3, pixel 0 of red with {@code first}. */
    static byte[] record(int label, int first) {
        byte[] record = new byte[Cifar10.RECORD_BYTES];
        record[0] = (byte) label;
        Arrays.fill(record, 1, 1025, (byte) 1);
        Arrays.fill(record, 1025, 2049, (byte) 2);
        Arrays.fill(record, 2049, 3073, (byte) 3);
        record[1] = (byte) first;
        return record;
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    @Test
    void recordsBecomeChannelFirstImagesAndLabels() {
        Path a = TestFiles.write(dir.resolve("a.bin"), concat(record(6, 200), record(9, 0)));
        Path b = TestFiles.write(dir.resolve("b.bin"), record(1, 255));
        TensorDataset data = Cifar10.read(a, b);
        assertArrayEquals(new int[] {3, 3, 32, 32}, data.inputs().shape().toArray());
        assertArrayEquals(new long[] {6, 9, 1}, data.labels());
        assertEquals(200.0, data.inputs().get(0, 0, 0, 0));
        assertEquals(255.0, data.inputs().get(2, 0, 0, 0));
        assertEquals(2.0, data.inputs().get(1, 1, 31, 31));
        assertEquals(3.0, data.inputs().get(1, 2, 5, 7));
        assertEquals("frog", data.classNames().get(6));
    }

    @Test
    void partialRecordIsAnError() {
        Path file = TestFiles.write(dir.resolve("short.bin"), Arrays.copyOf(concat(record(1, 0), record(2, 0)), 2 * 3073 - 10));
        CsvTableTest.assertProblem(() -> Cifar10.read(file), file, "not a positive multiple of the 3073-byte CIFAR-10 record (1 whole records and 3063 bytes left over)");
    }

    @Test
    void labelOutOfRangeNamesTheRecord() {
        Path file = TestFiles.write(dir.resolve("bad.bin"), concat(record(1, 0), record(10, 0)));
        CsvTableTest.assertProblem(() -> Cifar10.read(file), file, "record 1 (byte offset 3073) has label 10, expected 0 to 9");
    }

    @Test
    void officialArchiveLayoutIsReadWithoutUnpacking() {
        String[] members = new String[14];
        for (int b = 1; b <= 5; b++) {
            members[2 * b - 2] = "cifar-10-batches-bin/data_batch_" + b + ".bin";
            members[2 * b - 1] = new String(record(b, 0), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        members[10] = "cifar-10-batches-bin/test_batch.bin";
        members[11] = new String(concat(record(7, 0), record(8, 0)), java.nio.charset.StandardCharsets.ISO_8859_1);
        members[12] = "cifar-10-batches-bin/batches.meta.txt";
        members[13] = "airplane";
        Path archive = TestFiles.write(dir.resolve("cifar-10-binary.tar.gz"), TestFiles.gzip(ImdbTest.tar(java.nio.charset.StandardCharsets.ISO_8859_1, members)));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, Cifar10.readArchive(archive, true).labels());
        assertArrayEquals(new long[] {7, 8}, Cifar10.readArchive(archive, false).labels());
        Path partial = TestFiles.write(dir.resolve("partial.tar.gz"), TestFiles.gzip(ImdbTest.tar(java.nio.charset.StandardCharsets.ISO_8859_1, members[10], members[11])));
        CsvTableTest.assertProblem(() -> Cifar10.readArchive(partial, true), partial, "is missing [cifar-10-batches-bin/data_batch_1.bin");
    }
}
