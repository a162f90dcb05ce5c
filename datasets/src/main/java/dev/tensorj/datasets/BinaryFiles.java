package dev.tensorj.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a whole data file into memory, gunzipping it when its name ends in {@code .gz}. */
final class BinaryFiles {
    private BinaryFiles() {
    }

    /**
     * The file's bytes (decompressed for {@code .gz}). A truncated or corrupt gzip stream is a
     * {@link DatasetException} naming the file, so no caller ever sees part of a file.
     */
    static byte[] readAll(Path file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw DatasetException.inFile(file, "truncated gzip stream (the file ends before the compressed data does)", e);
        } catch (ZipException e) {
            throw DatasetException.inFile(file, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot be read: " + e, e);
        }
    }

    /** An input stream over the file's (decompressed) content. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        if (!file.getFileName().toString().endsWith(".gz")) return raw;
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }
}
