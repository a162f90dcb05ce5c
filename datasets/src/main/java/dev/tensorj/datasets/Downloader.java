package dev.tensorj.datasets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Downloads a file over HTTP(S) so that a half-written or wrong file never appears at the target:
 * the bytes go to a temporary file in the target's folder, the checksum is checked, and only then
 * is the file moved into place atomically.
 */
public class Downloader {
    private final HttpClient client;
    private final Duration timeout;

    public Downloader() {
        this(Duration.ofSeconds(20), Duration.ofMinutes(30));
    }

    /**
     * @param connectTimeout how long to wait for a connection
     * @param timeout        how long the whole download may take
     */
    public Downloader(Duration connectTimeout, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
    }

    /**
     * Fetches {@code url} to {@code target}, which then holds a file that matches {@code expected}.
     *
     * @throws IOException      when the transfer fails (no network, HTTP error)
     * @throws DatasetException when the downloaded bytes do not match the checksum (nothing is left behind)
     */
    public void download(URI url, Path target, DataFile expected) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) throw new IOException("HTTP status " + response.statusCode());
            if (!Checksums.matches(partial, expected)) {
                throw new DatasetException("downloaded " + url + " but its sha256 is " + Checksums.sha256(partial) + ", expected "
                        + expected.describeChecksums());
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
