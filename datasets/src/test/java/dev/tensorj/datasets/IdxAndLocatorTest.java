package dev.tensorj.datasets;

import com.sun.net.httpserver.HttpServer;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** IDX files built here, valid and corrupt, and the lookup / verify / download path. */
class IdxAndLocatorTest {
    @TempDir
    Path dir;

    static byte[] idx(int typeAndRank, int[] dims, int values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(typeAndRank);
        for (int d : dims) out.writeInt(d);
        for (int i = 0; i < values; i++) out.writeByte(i % 251);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsImagesAndLabelsRawOrGzipped() throws IOException {
        Path images = Files.write(dir.resolve("images.gz"), gzip(idx(0x0803, new int[] {3, 2, 2}, 12)));
        Tensor t = IdxReader.readUnsignedBytesAsFloat(images, 3);
        assertArrayEquals(new int[] {3, 1, 2, 2}, t.dims());
        assertEquals(11, t.get(2, 0, 1, 1));
        Path labels = Files.write(dir.resolve("labels"), idx(0x0801, new int[] {4}, 4));
        assertArrayEquals(new long[] {0, 1, 2, 3}, IdxReader.readUnsignedBytesAsLong(labels, 1).toLongArray());
    }

    @Test
    void corruptFilesGiveClearErrors() throws IOException {
        Path badMagic = Files.write(dir.resolve("bad-magic"), idx(0x0D03, new int[] {1, 1, 1}, 1));
        assertTrue(assertThrows(IOException.class, () -> IdxReader.readUnsignedBytesAsFloat(badMagic, 3)).getMessage().contains("not an unsigned-byte IDX file"));
        Path wrongRank = Files.write(dir.resolve("rank"), idx(0x0801, new int[] {4}, 4));
        assertTrue(assertThrows(IOException.class, () -> IdxReader.readUnsignedBytesAsFloat(wrongRank, 3)).getMessage().contains("has 1 dimensions, expected 3"));
        Path shortFile = Files.write(dir.resolve("short"), idx(0x0803, new int[] {2, 2, 2}, 5));
        String m = assertThrows(IOException.class, () -> IdxReader.readUnsignedBytesAsFloat(shortFile, 3)).getMessage();
        assertTrue(m.contains("truncated") && m.contains("short"), m);
        Path extra = Files.write(dir.resolve("extra"), idx(0x0801, new int[] {2}, 3));
        assertTrue(assertThrows(IOException.class, () -> IdxReader.readUnsignedBytesAsLong(extra, 1)).getMessage().contains("bytes after"));
        byte[] gz = gzip(idx(0x0803, new int[] {10, 5, 5}, 250));
        Path truncatedGzip = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        IOException cut = assertThrows(IOException.class, () -> IdxReader.readUnsignedBytesAsFloat(truncatedGzip, 3));
        assertTrue(cut.getMessage().contains("cut.gz"), cut.getMessage());
    }

    @Test
    void mismatchedImageAndLabelCountsAreRejected() throws Exception {
        Path root = dir.resolve("data/toy");
        Files.createDirectories(root);
        byte[] images = gzip(idx(0x0803, new int[] {3, 2, 2}, 12));
        byte[] labels = gzip(idx(0x0801, new int[] {2}, 2));
        Files.write(root.resolve("i.gz"), images);
        Files.write(root.resolve("l.gz"), labels);
        DataLocator locator = new DataLocator(List.of(dir.resolve("data")), dir.resolve("cache"), false);
        DataFile i = new DataFile("toy", "i.gz", List.of(), Set.of(DataLocator.sha256(root.resolve("i.gz"), false)), Set.of());
        DataFile l = new DataFile("toy", "l.gz", List.of(), Set.of(DataLocator.sha256(root.resolve("l.gz"), false)), Set.of());
        IOException e = assertThrows(IOException.class, () -> Idx.load(locator, i, l, List.of("a", "b")));
        assertTrue(e.getMessage().contains("3 images but") && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void checksumMismatchAndMissingFilesSayWhatToDo() throws IOException {
        Path root = dir.resolve("data/toy");
        Files.createDirectories(root);
        Files.writeString(root.resolve("f.bin"), "not the real thing");
        DataLocator locator = new DataLocator(List.of(dir.resolve("data")), dir.resolve("cache"), false);
        DataFile f = new DataFile("toy", "f.bin", List.of("http://example.invalid/f.bin"), Set.of("00".repeat(32)), Set.of());
        String mismatch = assertThrows(IOException.class, () -> locator.locate(f)).getMessage();
        assertTrue(mismatch.contains("f.bin has SHA-256") && mismatch.contains("expected one of"), mismatch);
        DataFile absent = new DataFile("toy", "absent.bin", List.of("http://example.invalid/absent.bin"), Set.of("ab".repeat(32)), Set.of());
        String missing = assertThrows(IOException.class, () -> locator.locate(absent)).getMessage();
        assertTrue(missing.contains("toy/absent.bin not found") && missing.contains("http://example.invalid/absent.bin")
                && missing.contains(dir.resolve("data/toy/absent.bin").toString()), missing);
    }

    @Test
    void downloadsVerifyAndMoveIntoPlaceAtomically() throws Exception {
        byte[] good = "the real data".getBytes();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good.bin", ex -> reply(ex, good));
        server.createContext("/bad.bin", ex -> reply(ex, "tampered".getBytes()));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path tmpFile = Files.write(dir.resolve("expected"), good);
            String digest = DataLocator.sha256(tmpFile, false);
            DataLocator locator = new DataLocator(List.of(dir.resolve("cache")), dir.resolve("cache"), true);
            Path got = locator.locate(new DataFile("web", "good.bin", List.of(base + "/good.bin"), Set.of(digest), Set.of()));
            assertEquals(dir.resolve("cache/web/good.bin"), got);
            assertArrayEquals(good, Files.readAllBytes(got));
            IOException e = assertThrows(IOException.class, () -> locator.locate(new DataFile("web", "bad.bin", List.of(base + "/bad.bin"), Set.of(digest), Set.of())));
            assertTrue(e.getMessage().contains("bad.bin"), e.getMessage());
            try (var files = Files.list(dir.resolve("cache/web"))) {
                assertEquals(List.of(got), files.toList(), "the corrupt download left nothing behind");
            }
        } finally {
            server.stop(0);
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
