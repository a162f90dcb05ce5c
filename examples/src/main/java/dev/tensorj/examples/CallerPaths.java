package dev.tensorj.examples;

import java.nio.file.Path;

/**
 * Paths on the command line are the caller's: the {@code tensorj} launcher changes to the repository before it
 * starts Java, so it passes the folder it was called from as {@code -Dtensorj.cwd}, and relative paths resolve
 * against that (against the JVM's working folder when the property is absent, e.g. in tests or {@code java -cp}).
 */
final class CallerPaths {
    /** The system property the launcher sets to the caller's working folder. */
    static final String PROPERTY = "tensorj.cwd";

    private CallerPaths() {
    }

    /** {@code path} made absolute against the caller's folder; {@code null} stays {@code null}. */
    static Path resolve(Path path) {
        if (path == null || path.isAbsolute()) return path;
        String cwd = System.getProperty(PROPERTY);
        Path base = cwd == null || cwd.isBlank() ? Path.of("").toAbsolutePath() : Path.of(cwd);
        return base.resolve(path).normalize();
    }
}
