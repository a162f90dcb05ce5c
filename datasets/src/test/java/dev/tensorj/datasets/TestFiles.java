package dev.tensorj.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builders of small data files for the tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** IDX bytes: magic 0x0000 0x08 rank, the dims, then the values. */
    static byte[] idx(int[] dims, byte[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        buffer.putInt(0x00000800 | dims.length);
        for (int d : dims) buffer.putInt(d);
        buffer.put(values);
        return buffer.array();
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        return write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** n consecutive byte values starting at start (wrapping at 256). */
    static byte[] ramp(int n, int start) {
        byte[] values = new byte[n];
        for (int i = 0; i < n; i++) values[i] = (byte) (start + i);
        return values;
    }
}
