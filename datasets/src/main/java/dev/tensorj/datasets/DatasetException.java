package dev.tensorj.datasets;

import java.nio.file.Path;

/**
 * A dataset file is missing, corrupt or does not match its checksum. The message always names the
 * file and what is wrong with it, so that the reader of a stack trace knows what to fix.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file: problem", the shape of every message about a file's content. */
    public static DatasetException inFile(Path file, String problem) {
        return new DatasetException(file + ": " + problem);
    }

    public static DatasetException inFile(Path file, String problem, Throwable cause) {
        return new DatasetException(file + ": " + problem, cause);
    }
}
