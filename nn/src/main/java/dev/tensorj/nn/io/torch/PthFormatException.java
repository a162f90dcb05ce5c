package dev.tensorj.nn.io.torch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A PyTorch checkpoint that cannot be read: corrupt, truncated, in a form this reader does not know, or
 * referring to something a weights-only checkpoint must not contain (a forbidden global). The message
 * names the file and what was expected. Nothing is returned from a file that raised it: the reader
 * checks everything it can before it reads any tensor data, and hands tensors out only when all of
 * them were read.
 */
public final class PthFormatException extends IOException {
    private final Path file;

    /** A problem with {@code file}, described by {@code problem} (what was found and what was expected). */
    public PthFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The same, caused by an I/O error or another exception. */
    public PthFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}
