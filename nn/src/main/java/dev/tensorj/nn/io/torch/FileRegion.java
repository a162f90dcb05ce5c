package dev.tensorj.nn.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A buffered, bounds-checked reader of the bytes {@code [start, end)} of an open file: what the
 * unpickler and the container parsers read from. Every read checks that the bytes are there before it
 * allocates anything, so a length field in a corrupt file can never make it allocate more than the
 * region holds; running past the end is a {@link PthFormatException} naming {@code what} was being read.
 */
final class FileRegion {
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final long start, end;
    private final String what;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long bufferStart; // file position of buffer[0]
    private long position;

    FileRegion(Path file, FileChannel channel, long start, long end, String what) {
        this.file = file;
        this.channel = channel;
        this.start = start;
        this.end = end;
        this.what = what;
        this.position = start;
        this.bufferStart = start;
        buffer.limit(0);
    }

    Path file() {
        return file;
    }

    String what() {
        return what;
    }

    /** The current position, relative to the region's start. */
    long offset() {
        return position - start;
    }

    /** The current absolute file position. */
    long position() {
        return position;
    }

    long remaining() {
        return end - position;
    }

    void require(long n, String reading) throws PthFormatException {
        if (n < 0 || n > end - position) {
            throw new PthFormatException(file, what + " is truncated or corrupt: " + reading + " at byte " + offset() + " needs "
                    + (n < 0 ? "a negative number of" : String.valueOf(n)) + " bytes, " + (end - position) + " remain");
        }
    }

    private void fill() throws PthFormatException {
        bufferStart = position;
        buffer.clear();
        int want = (int) Math.min(BUFFER, end - position);
        buffer.limit(want);
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, bufferStart + buffer.position());
                if (n < 0) throw new PthFormatException(file, what + ": the file ended early (it changed while being read?)");
            }
        } catch (PthFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new PthFormatException(file, what + ": read failed: " + e.getMessage(), e);
        }
        buffer.flip();
    }

    int readByte(String reading) throws PthFormatException {
        require(1, reading);
        if (position < bufferStart || position >= bufferStart + buffer.limit()) fill();
        int b = buffer.get((int) (position - bufferStart)) & 0xFF;
        position++;
        return b;
    }

    byte[] readBytes(long n, String reading) throws PthFormatException {
        require(n, reading);
        if (n > Integer.MAX_VALUE - 8) throw new PthFormatException(file, what + ": " + reading + " of " + n + " bytes is too large");
        byte[] out = new byte[(int) n];
        for (int i = 0; i < out.length; ) {
            if (position < bufferStart || position >= bufferStart + buffer.limit()) fill();
            int at = (int) (position - bufferStart);
            int k = Math.min(out.length - i, buffer.limit() - at);
            buffer.get(at, out, i, k);
            i += k;
            position += k;
        }
        return out;
    }

    /** A little-endian unsigned integer of {@code n} (1..8) bytes; 8 bytes may come back negative. */
    long readLE(int n, String reading) throws PthFormatException {
        require(n, reading);
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) readByte(reading) << (8 * i);
        return v;
    }

    /** Bytes up to (not including) the next '\n', at most {@code max} of them. */
    String readLine(int max, String reading) throws PthFormatException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte(reading);
            if (b == '\n') return sb.toString();
            if (sb.length() >= max) throw new PthFormatException(file, what + ": " + reading + " at byte " + offset() + " is longer than " + max + " bytes");
            sb.append((char) b);
        }
    }

    void skip(long n, String reading) throws PthFormatException {
        require(n, reading);
        position += n;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
