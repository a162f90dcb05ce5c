package dev.tensorj.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Writes a file through a temporary sibling and an atomic rename, so a crash never leaves half a picture. */
final class PngFiles {
    private PngFiles() {
    }

    interface Writer {
        void write(Path path) throws IOException;
    }

    static void writeAtomically(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // A fresh name, not Files.createTempFile: that creates the file with mode 0600, which the rename
        // would then give to the picture; the writer creating it gets the usual permissions (umask).
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID() + ".png");
        try {
            writer.write(tmp);
            // XChart appends ".png" to a name without that suffix; ours has it, so tmp is the file written
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
