package dev.tensorj.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.zip.ZipException;

/**
 * A minimal reader of POSIX ustar archives ({@code .tar}, or {@code .tar.gz} by file name), enough
 * for dataset archives: regular files, directories, long names through the ustar prefix field.
 *
 * <p>Layout: each member is a 512-byte header (name at offset 0, 100 bytes; size in octal ASCII at
 * 124, 12 bytes; checksum at 148, 8 bytes; type flag at 156, {@code '0'} or NUL for a file, {@code '5'}
 * for a directory; ustar name prefix at 345, 155 bytes), then the data padded to a multiple of 512
 * bytes. Two zero blocks end the archive. Each header's checksum (the sum of its bytes with the
 * checksum field read as spaces) is verified.
 */
final class TarArchive {
    private static final int BLOCK = 512;

    private TarArchive() {
    }

    /**
     * Calls {@code consumer(name, content)} for every regular file whose name {@code wanted}
     * accepts, in archive order; other members are skipped without being read into memory.
     */
    static void read(Path archive, Predicate<String> wanted, BiConsumer<String, byte[]> consumer) {
        try (InputStream in = BinaryFiles.open(archive)) {
            byte[] header = new byte[BLOCK];
            long offset = 0;
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) < BLOCK) throw DatasetException.inFile(archive, "tar archive ends inside the header at byte " + offset);
                if (isZero(header)) return;
                checkHeader(archive, header, offset);
                String name = field(header, 345, 155).isEmpty() ? field(header, 0, 100) : field(header, 345, 155) + "/" + field(header, 0, 100);
                long size = octal(archive, header, 124, 12, offset);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                boolean regularFile = type == '0' || type == 0;
                if (regularFile && wanted.test(name)) {
                    if (size > Integer.MAX_VALUE - 8) throw DatasetException.inFile(archive, "member " + name + " is too large (" + size + " bytes)");
                    byte[] content = in.readNBytes((int) size);
                    if (content.length < size) throw DatasetException.inFile(archive, "tar archive is truncated inside member " + name);
                    in.skipNBytes(padded - size);
                    consumer.accept(name, content);
                } else {
                    in.skipNBytes(padded);
                }
                offset += BLOCK + padded;
            }
        } catch (EOFException e) {
            throw DatasetException.inFile(archive, "truncated archive (the stream ends early)", e);
        } catch (ZipException e) {
            throw DatasetException.inFile(archive, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw DatasetException.inFile(archive, "cannot be read: " + e, e);
        }
    }

    private static void checkHeader(Path archive, byte[] header, long offset) {
        long stored = octal(archive, header, 148, 8, offset);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xFF;
        if (sum != stored) {
            throw DatasetException.inFile(archive, "corrupt tar header at byte " + offset + " (checksum " + stored + ", computed " + sum + ")");
        }
    }

    private static String field(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) end++;
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(Path archive, byte[] header, int from, int length, long offset) {
        String text = field(header, from, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw DatasetException.inFile(archive, "corrupt tar header at byte " + offset + ": '" + text + "' is not an octal number");
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }
}
