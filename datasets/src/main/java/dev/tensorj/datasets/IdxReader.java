package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (raw or gzip): a big-endian header — two zero
 * bytes, a type byte (0x08 = unsigned byte), the number of dimensions, then each dimension as a
 * 32-bit integer — followed by the values. The header is validated and the file must hold exactly
 * the values it declares; anything else is an error naming the file, never a partial tensor.
 */
public final class IdxReader {
    private IdxReader() {
    }

    /** The unsigned bytes of an IDX file as FLOAT32 values 0..255, in the declared shape. */
    public static Tensor readUnsignedBytesAsFloat(Path file, int expectedRank) throws IOException {
        Parsed p = parse(file, expectedRank);
        float[] values = new float[p.data.length];
        for (int i = 0; i < values.length; i++) values[i] = p.data[i] & 0xFF;
        return Tensor.fromArray(values, p.dims);
    }

    /** The unsigned bytes of an IDX file as INT64 values (labels). */
    public static Tensor readUnsignedBytesAsLong(Path file, int expectedRank) throws IOException {
        Parsed p = parse(file, expectedRank);
        long[] values = new long[p.data.length];
        for (int i = 0; i < values.length; i++) values[i] = p.data[i] & 0xFF;
        return Tensor.fromArray(values, p.dims);
    }

    private record Parsed(int[] dims, byte[] data) {
    }

    private static Parsed parse(Path file, int expectedRank) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
                int magic = in.readInt();
                int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
                if ((magic >>> 16) != 0 || type != 0x08) {
                    throw new IOException(file + ": not an unsigned-byte IDX file (magic number 0x" + Integer.toHexString(magic)
                            + ", expected 0x0000080" + expectedRank + ")");
                }
                if (rank != expectedRank) {
                    throw new IOException(file + ": IDX file has " + rank + " dimensions, expected " + expectedRank);
                }
                int[] dims = new int[rank];
                long count = 1;
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readInt();
                    if (dims[i] < 0) throw new IOException(file + ": negative dimension " + dims[i] + " in the IDX header");
                    count *= dims[i];
                    if (count > Integer.MAX_VALUE - 16) throw new IOException(file + ": IDX header declares " + Arrays.toString(dims) + ", too many values");
                }
                byte[] data = new byte[(int) count];
                try {
                    in.readFully(data);
                } catch (EOFException e) {
                    throw new IOException(file + ": truncated: the header declares " + Arrays.toString(dims) + " = " + count + " values, the file ends early");
                }
                if (in.read() != -1) {
                    throw new IOException(file + ": has bytes after the " + count + " values its header " + Arrays.toString(dims) + " declares");
                }
                return new Parsed(expandImageDims(dims), data);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated inside the IDX header", e);
            } catch (ZipException e) {
                throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Images [N, H, W] become [N, 1, H, W] (one channel, NCHW). */
    private static int[] expandImageDims(int[] dims) {
        if (dims.length != 3) return dims;
        return new int[] {dims[0], 1, dims[1], dims[2]};
    }
}
