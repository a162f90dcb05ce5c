package dev.tensorj.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a {@link DataFile} on this machine, or downloads it, and proves it is the right file.
 *
 * <p>Lookup order (the first folder that holds {@code folder/name} decides):
 * <ol>
 *   <li>the folders of {@code $TENSORJ_DATA}, or of the system property {@code tensorj.data} when set
 *       (one folder, or several separated by {@code :} — the first is the download cache);</li>
 *   <li>{@code ~/.tensorj/datasets}, the download cache otherwise;</li>
 *   <li>known system locations, e.g. {@code /usr/share/datasets} where Debian's
 *       {@code dataset-fashion-mnist} package installs {@code fashion-mnist/}.</li>
 * </ol>
 * A file that is found is checked against its checksums; a wrong file is an error, never a
 * silent fallback. A file found nowhere is downloaded from its official URL into the cache (first
 * to a temporary file beside the target, checked, then moved into place atomically), unless the
 * system property {@code tensorj.offline} is {@code true}. When that fails, the error names the
 * file, its checksum, the URLs and where to put it by hand.
 */
public final class DataLocator {
    private final List<Path> roots;
    private final Path cacheRoot;
    private final Downloader downloader;

    /**
     * @param roots      the folders searched in order
     * @param cacheRoot  where downloads go (usually one of the roots)
     * @param downloader fetches missing files; {@code null} means offline
     */
    public DataLocator(List<Path> roots, Path cacheRoot, Downloader downloader) {
        this.roots = List.copyOf(roots);
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.downloader = downloader;
    }

    /** The locator that the dataset classes use, configured from the environment as described above. */
    public static DataLocator standard() {
        List<Path> roots = new ArrayList<>();
        String configured = System.getProperty("tensorj.data", System.getenv("TENSORJ_DATA"));
        Path userCache = Path.of(System.getProperty("user.home"), ".tensorj", "datasets");
        roots.addAll(configuredRoots(configured));
        Path cache = roots.isEmpty() ? userCache : roots.get(0);
        roots.add(userCache);
        roots.add(Path.of("/usr/share/datasets"));
        boolean offline = Boolean.getBoolean("tensorj.offline");
        return new DataLocator(roots, cache, offline ? null : new Downloader());
    }

    /** The folders of a {@code TENSORJ_DATA} value: one path, or several joined by the path separator. */
    static List<Path> configuredRoots(String configured) {
        List<Path> roots = new ArrayList<>();
        if (configured == null || configured.isBlank()) return roots;
        for (String part : configured.split(java.io.File.pathSeparator)) {
            if (!part.isBlank()) roots.add(Path.of(part.trim()));
        }
        return roots;
    }

    /** The folders searched, in order. */
    public List<Path> roots() {
        return roots;
    }

    /** The path of a verified copy of {@code file}, downloading it if needed. */
    public Path locate(DataFile file) {
        Optional<Path> local = findLocal(file);
        if (local.isPresent()) return local.get();
        try {
            return download(file);
        } catch (IOException e) {
            throw new DatasetException("could not download " + file.relativePath() + ": " + e, e);
        }
    }

    /** A verified copy of {@code file} on this machine, or empty when no root holds one; never downloads. */
    public Optional<Path> findLocal(DataFile file) {
        try {
            for (Path root : roots) {
                Path candidate = root.resolve(file.folder()).resolve(file.name());
                if (Files.isRegularFile(candidate)) return Optional.of(verified(candidate, file));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new DatasetException("could not read " + file.relativePath() + ": " + e, e);
        }
    }

    private Path verified(Path candidate, DataFile file) throws IOException {
        if (Checksums.matches(candidate, file)) return candidate;
        throw DatasetException.inFile(candidate, "checksum mismatch: its sha256 is " + Checksums.sha256(candidate)
                + ", expected " + file.describeChecksums() + ". The file is corrupt or a different version; delete it and put the official file "
                + file.name() + " there (from " + urlList(file) + ")");
    }

    private Path download(DataFile file) throws IOException {
        List<String> failures = new ArrayList<>();
        if (downloader == null) failures.add("downloads are off (tensorj.offline=true)");
        else if (file.urls().isEmpty()) failures.add("no official download URL is known");
        else {
            Path target = cacheRoot.resolve(file.folder()).resolve(file.name());
            for (var url : file.urls()) {
                try {
                    downloader.download(url, target, file);
                    return target;
                } catch (IOException | DatasetException e) {
                    failures.add(url + ": " + describe(e));
                }
            }
        }
        throw new DatasetException(file.name() + " (" + file.describeChecksums() + ") was not found and could not be downloaded ("
                + String.join("; ", failures) + "). Download it from " + urlList(file) + " and put it at "
                + roots.stream().map(r -> r.resolve(file.folder()).resolve(file.name()).toString()).toList().getFirst()
                + " (or in the " + file.folder() + "/ folder of any of " + roots + ")");
    }

    /** The exception's class and the first message found along its causes ("ConnectException: no route to host"). */
    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) return t == failure && t instanceof DatasetException ? t.getMessage() : failure.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return failure.getClass().getSimpleName();
    }

    private static String urlList(DataFile file) {
        return file.urls().isEmpty() ? "its publisher" : String.join(" or ", file.urls().stream().map(Object::toString).toList());
    }
}
