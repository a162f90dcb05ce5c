package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokenisation, encoding, padding, the word-index JSON and the tar reader, on small inputs built here. */
class ImdbTest {
    @TempDir
    Path dir;

    @Test
    void tokenizerFollowsKeras() {
        assertEquals(List.of("this", "film's", "great", "10", "10", "a", "b"),
                KerasTokenizer.words("This FILM's great!<br /><br />10/10...\ta\nb "));
        assertEquals(List.of("émile", "x"), KerasTokenizer.words("Émile--x"));
        assertEquals(List.of(), KerasTokenizer.words(" !? <br />"));
    }

    @Test
    void padSequencesPadsAndTruncatesAtEitherEnd() {
        int[][] sequences = {{1, 2, 3, 4, 5}, {7}};
        assertArrayEquals(new long[] {3, 4, 5, 0, 0, 7}, Sequences.pad(sequences, 3).toLongArray(), "Keras default: pre, pre");
        assertArrayEquals(new long[] {1, 2, 3, 7, 9, 9}, Sequences.pad(sequences, 3, Sequences.Side.POST, Sequences.Side.POST, 9).toLongArray());
        assertArrayEquals(new long[] {3, 4, 5, 7, 0, 0}, Sequences.pad(sequences, 3, Sequences.Side.POST, Sequences.Side.PRE, 0).toLongArray());
        assertArrayEquals(new int[] {2, 3}, Sequences.pad(sequences, 3).shape().toArray());
    }

    @Test
    void wordIndexJsonWithEscapesAndItsErrors() {
        Path good = TestFiles.write(dir.resolve("index.json"), "{\"the\": 1, \"caf\\u00e9\": 2, \"don't\": 3, \"a\\\"b\": 4}");
        WordIndex index = WordIndex.read(good);
        assertEquals(4, index.size());
        assertEquals(2, index.rank("café"));
        assertEquals("a\"b", index.word(4));
        assertEquals(0, index.rank("missing"));
        Path truncated = TestFiles.write(dir.resolve("cut.json"), "{\"the\": 1, \"and");
        CsvTableTest.assertProblem(() -> WordIndex.read(truncated), truncated, "the JSON text ends early");
        Path notInt = TestFiles.write(dir.resolve("float.json"), "{\"the\": true}");
        CsvTableTest.assertProblem(() -> WordIndex.read(notInt), notInt, "expected an integer value");
    }

    @Test
    void archiveOfReviewsBecomesKerasSequencesAndDecodesBack() {
        Path index = TestFiles.write(dir.resolve("index.json"), "{\"the\": 1, \"movie\": 2, \"good\": 3, \"bad\": 4}");
        Path archive = TestFiles.write(dir.resolve("reviews.tar.gz"), TestFiles.gzip(tar(
                "aclImdb/README", "not a review",
                "aclImdb/train/neg/0_2.txt", "The movie: BAD.<br />Bad!",
                "aclImdb/train/pos/0_9.txt", "Good movie, the good one",
                "aclImdb/test/pos/1_10.txt", "good")));
        Imdb imdb = Imdb.read(archive, index);
        assertEquals(2, imdb.train().size());
        assertArrayEquals(new long[] {0, 1}, imdb.train().labels());
        assertArrayEquals(new int[] {Imdb.START, 4, 5, 7, 7}, imdb.train().sequences()[0]);
        assertArrayEquals(new int[] {Imdb.START, 6, 5, 4, 6, Imdb.OOV}, imdb.train().sequences()[1]);
        assertArrayEquals(new int[] {Imdb.START, 6}, imdb.test().sequences()[0]);
        assertEquals("<start> good movie the good <oov>", imdb.decode(imdb.train().sequences()[1]));
        assertArrayEquals(new int[] {Imdb.START, 4, 5, Imdb.OOV, Imdb.OOV}, imdb.train().limitWords(6).sequences()[0], "numWords 6 keeps indices < 6");
        TensorDataset data = imdb.train().toDataset(4);
        assertArrayEquals(new long[] {4, 5, 7, 7, 5, 4, 6, Imdb.OOV}, data.inputs().toLongArray(), "maxLen 4 keeps the last 4 indices");
        assertEquals(List.of("negative", "positive"), data.classNames());
    }

    @Test
    void truncatedOrCorruptArchivesAreErrors() {
        byte[] tar = tar("aclImdb/train/neg/0_2.txt", "x".repeat(2000));
        Path cut = TestFiles.write(dir.resolve("cut.tar"), java.util.Arrays.copyOf(tar, 1024));
        CsvTableTest.assertProblem(() -> TarArchive.read(cut, n -> true, (n, c) -> { }), cut, "truncated inside member aclImdb/train/neg/0_2.txt");
        byte[] corrupt = tar.clone();
        corrupt[10] ^= 1;
        Path bad = TestFiles.write(dir.resolve("bad.tar"), corrupt);
        CsvTableTest.assertProblem(() -> TarArchive.read(bad, n -> true, (n, c) -> { }), bad, "corrupt tar header at byte 0");
        Path noReviews = TestFiles.write(dir.resolve("none.tar"), tar("aclImdb/README", "hello"));
        Path index = TestFiles.write(dir.resolve("index.json"), "{}");
        CsvTableTest.assertProblem(() -> Imdb.read(noReviews, index), noReviews, "holds 0 training and 0 test reviews");
    }

    /** A ustar archive of (name, text) pairs. */
    static byte[] tar(String... namesAndTexts) {
        return tar(StandardCharsets.UTF_8, namesAndTexts);
    }

    /** A ustar archive of (name, content) pairs, the content encoded with {@code charset} (ISO-8859-1 carries raw bytes). */
    static byte[] tar(java.nio.charset.Charset charset, String... namesAndTexts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            byte[] content = namesAndTexts[i + 1].getBytes(charset);
            byte[] header = new byte[512];
            put(header, 0, namesAndTexts[i]);
            put(header, 100, "0000644");
            put(header, 124, String.format("%011o", content.length));
            put(header, 136, "00000000000");
            header[156] = '0';
            put(header, 257, "ustar");
            java.util.Arrays.fill(header, 148, 156, (byte) ' ');
            int sum = 0;
            for (byte b : header) sum += b & 0xFF;
            put(header, 148, String.format("%06o", sum));
            out.writeBytes(header);
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
