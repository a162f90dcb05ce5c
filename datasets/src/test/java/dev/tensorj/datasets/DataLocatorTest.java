package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup order, checksum checks and downloads, against a local HTTP server on 127.0.0.1. */
class DataLocatorTest {
    private static final byte[] CONTENT = "the real file\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CORRUPT = "the real fil3\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private String sha256;

    @BeforeEach
    void startServer() throws IOException {
        sha256 = Checksums.sha256(new java.io.ByteArrayInputStream(CONTENT));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> files = Map.of("/good.txt", CONTENT, "/corrupt.txt", CORRUPT);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private DataFile served(String path) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new DataFile("demo", "file.txt", List.of(url), List.of(sha256), Optional.empty());
    }

    private DataLocator locator(boolean online, Path... roots) {
        return new DataLocator(List.of(roots), roots[0], online ? new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(20)) : null);
    }

    private Path put(Path root, byte[] content) {
        return TestFiles.write(root.resolve("demo").resolve("file.txt"), content);
    }

    @Test
    void downloadsAMissingFileIntoTheCacheAndUsesItAfterwards() throws IOException {
        Path cache = dir.resolve("cache");
        DataLocator locator = locator(true, cache, dir.resolve("other"));
        Path located = locator.locate(served("/good.txt"));
        assertEquals(cache.resolve("demo/file.txt"), located);
        assertArrayEquals(CONTENT, Files.readAllBytes(located));
        locator.locate(served("/good.txt"));
        assertEquals(1, requests.get(), "the second lookup finds the cached copy");
        try (var listing = Files.list(cache.resolve("demo"))) {
            assertEquals(List.of(located), listing.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void corruptDownloadIsRejectedAndLeavesNothingBehind() throws IOException {
        Path cache = dir.resolve("cache");
        DatasetException e = assertThrows(DatasetException.class, () -> locator(true, cache).locate(served("/corrupt.txt")));
        assertTrue(e.getMessage().contains("file.txt") && e.getMessage().contains(sha256) && e.getMessage().contains("/corrupt.txt")
                && e.getMessage().contains(cache.resolve("demo/file.txt").toString()), e.getMessage());
        try (var listing = Files.list(cache.resolve("demo"))) {
            assertEquals(List.of(), listing.toList());
        }
    }

    @Test
    void unreachableServerGivesAnErrorThatSaysWhereToPutTheFile() {
        DataFile file = served("/missing.txt");
        DatasetException e = assertThrows(DatasetException.class, () -> locator(true, dir.resolve("a")).locate(file));
        assertTrue(e.getMessage().contains("HTTP status 404") && e.getMessage().contains("put it at " + dir.resolve("a/demo/file.txt")), e.getMessage());
        DatasetException offline = assertThrows(DatasetException.class, () -> locator(false, dir.resolve("a")).locate(served("/good.txt")));
        assertTrue(offline.getMessage().contains("downloads are off") && offline.getMessage().contains(sha256), offline.getMessage());
        assertEquals(1, requests.get(), "the 404 was the only request: offline makes none");
    }

    @Test
    void theFirstRootThatHoldsTheFileWins() {
        Path first = dir.resolve("first"), second = dir.resolve("second");
        Path inSecond = put(second, CONTENT);
        assertEquals(inSecond, locator(false, first, second).locate(served("/good.txt")));
        Path inFirst = put(first, CONTENT);
        assertEquals(inFirst, locator(false, first, second).locate(served("/good.txt")));
        assertEquals(Optional.of(inFirst), locator(true, first, second).findLocal(served("/good.txt")));
        assertEquals(Optional.empty(), locator(true, dir.resolve("empty")).findLocal(served("/good.txt")));
        assertEquals(0, requests.get(), "findLocal never downloads");
    }

    @Test
    void aLocalFileWithTheWrongChecksumIsAnErrorNotAFallback() {
        Path first = dir.resolve("first"), second = dir.resolve("second");
        Path wrong = put(first, CORRUPT);
        put(second, CONTENT);
        DatasetException e = assertThrows(DatasetException.class, () -> locator(true, first, second).locate(served("/good.txt")));
        assertTrue(e.getMessage().startsWith(wrong.toString()) && e.getMessage().contains("checksum mismatch") && e.getMessage().contains(sha256), e.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void gzipFilesAreAlsoAcceptedByTheDigestOfTheirContent() throws IOException {
        byte[] gz = TestFiles.gzip(CONTENT);
        gz[4] = 0x12; // a different MTIME in the gzip header: different file bytes, same content
        Path file = TestFiles.write(dir.resolve("r/demo/file.txt.gz"), gz);
        DataFile expected = new DataFile("demo", "file.txt.gz", List.of(), List.of("00".repeat(32)), Optional.of(sha256));
        assertEquals(file, locator(false, dir.resolve("r")).locate(expected));
        assertFalse(Checksums.matches(file, new DataFile("demo", "x", List.of(), List.of("00".repeat(32)), Optional.empty())));
    }

    @Test
    void filesWhosePublisherGivesOnlyAnMd5AreCheckedByIt() throws IOException {
        Path file = put(dir.resolve("r"), CONTENT);
        String md5 = Checksums.md5(file);
        assertEquals(file, locator(false, dir.resolve("r")).locate(new DataFile("demo", "file.txt", List.of(), List.of(), Optional.empty(), List.of(md5))));
        DataFile other = new DataFile("demo", "file.txt", List.of(), List.of(), Optional.empty(), List.of("0".repeat(32)));
        DatasetException e = assertThrows(DatasetException.class, () -> locator(false, dir.resolve("r")).locate(other));
        assertTrue(e.getMessage().contains("expected md5 " + "0".repeat(32)), e.getMessage());
    }

    @Test
    void tensorjDataNamesOneFolderOrSeveral() {
        assertEquals(List.of(), DataLocator.configuredRoots(null));
        assertEquals(List.of(), DataLocator.configuredRoots("  "));
        assertEquals(List.of(Path.of("/a")), DataLocator.configuredRoots("/a"));
        assertEquals(List.of(Path.of("/a"), Path.of("/b/c")), DataLocator.configuredRoots("/a" + java.io.File.pathSeparator + "/b/c" + java.io.File.pathSeparator));
        assertTrue(DataLocator.standard().roots().size() >= 2, "the user cache and the system folder are always searched");
    }

}
