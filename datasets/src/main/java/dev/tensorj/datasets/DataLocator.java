package dev.tensorj.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Finds a data file, in order: {@code $TENSORJ_DATA} (or {@code -Dtensorj.data}), then
 * {@code ~/.tensorj/datasets}, then known system locations (Debian's {@code dataset-fashion-mnist}
 * installs to {@code /usr/share/datasets/fashion-mnist}), then the project's staged copies in a
 * {@code shared/datasets} folder beside the working directory or one of its parents. Each place is
 * searched as {@code <place>/<dataset>/<file>}. A file found is verified against its checksums.
 * When it is nowhere, it is downloaded from its official URL into {@code ~/.tensorj/datasets}
 * (to a temporary file, verified, then moved into place atomically); offline, the error says exactly
 * which file to put where.
 */
public final class DataLocator {
    private final List<Path> searchPath;
    private final Path cache;
    private final boolean download;

    public DataLocator(List<Path> searchPath, Path cache, boolean download) {
        this.searchPath = List.copyOf(searchPath);
        this.cache = cache;
        this.download = download;
    }

    /** The default lookup order described above; downloads unless {@code -Dtensorj.offline=true}. */
    public static DataLocator defaults() {
        List<Path> places = new ArrayList<>();
        String env = System.getProperty("tensorj.data", System.getenv("TENSORJ_DATA"));
        if (env != null && !env.isBlank()) places.add(Path.of(env));
        Path cache = Path.of(System.getProperty("user.home"), ".tensorj", "datasets");
        places.add(cache);
        places.add(Path.of("/usr/share/datasets"));
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path staged = dir.resolve("shared").resolve("datasets");
            if (Files.isDirectory(staged)) {
                places.add(staged);
                break;
            }
        }
        return new DataLocator(places, cache, !Boolean.getBoolean("tensorj.offline"));
    }

    public List<Path> searchPath() {
        return searchPath;
    }

    /** Whether the file is present somewhere on the search path (without verifying it). */
    public boolean isPresent(DataFile file) {
        for (Path place : searchPath) if (Files.isRegularFile(place.resolve(file.dataset()).resolve(file.name()))) return true;
        return false;
    }

    /** The path of a verified copy of the file, downloading it if needed. */
    public Path locate(DataFile file) throws IOException {
        for (Path place : searchPath) {
            Path candidate = place.resolve(file.dataset()).resolve(file.name());
            if (Files.isRegularFile(candidate)) {
                verify(file, candidate);
                return candidate;
            }
        }
        if (!download) throw missing(file, "downloads are off (-Dtensorj.offline=true)");
        IOException last = null;
        for (String url : file.urls()) {
            try {
                return fetch(file, url);
            } catch (IOException e) {
                last = e;
            }
        }
        throw missing(file, last == null ? "no download URL is known" : last.getMessage());
    }

    private Path fetch(DataFile file, String url) throws IOException {
        Path dir = cache.resolve(file.dataset());
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.name(), ".part");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<Path> response;
            try {
                response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).build(),
                        HttpResponse.BodyHandlers.ofFile(tmp));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("download of " + url + " interrupted", e);
            } catch (IOException e) {
                throw new IOException("cannot download " + url + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
            }
            if (response.statusCode() != 200) throw new IOException("download of " + url + " answered HTTP " + response.statusCode());
            verify(file, tmp);
            Path target = dir.resolve(file.name());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Checks the file's SHA-256 (or that of its decompressed content); throws naming the file and the digests. */
    static void verify(DataFile file, Path path) throws IOException {
        String digest = sha256(path, false);
        if (file.fileSha256().contains(digest)) return;
        if (!file.contentSha256().isEmpty() && file.name().endsWith(".gz")) {
            String content;
            try {
                content = sha256(path, true);
            } catch (IOException e) {
                throw new IOException(path + " is corrupt: " + e.getMessage() + " (expected SHA-256 " + file.fileSha256() + ")", e);
            }
            if (file.contentSha256().contains(content)) return;
        }
        throw new IOException(path + " has SHA-256 " + digest + ", expected one of " + file.fileSha256()
                + (file.contentSha256().isEmpty() ? "" : " (or decompressed " + file.contentSha256() + ")")
                + ": the file is corrupt or not the official one; delete it and let tensorj download it, or put the official file there");
    }

    static String sha256(Path path, boolean decompress) throws IOException {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream raw = Files.newInputStream(path); InputStream in = decompress ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private IOException missing(DataFile file, String why) {
        StringBuilder where = new StringBuilder();
        for (Path p : searchPath) where.append("\n  ").append(p.resolve(file.dataset()).resolve(file.name()));
        return new IOException("data file " + file.dataset() + "/" + file.name() + " not found and not downloaded (" + why + ").\n"
                + "Download it from " + String.join(" or ", file.urls()) + " (SHA-256 " + String.join(" or ", file.fileSha256())
                + ") and put it at one of:" + where + "\n(or set TENSORJ_DATA to a folder holding " + file.dataset() + "/" + file.name() + ")");
    }
}
