package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An IDX file (the format of MNIST and Fashion-MNIST) of unsigned bytes, read and validated.
 *
 * <p>Layout, all integers big-endian: a magic number {@code 0x00 0x00 <type> <rank>}, then
 * {@code rank} 32-bit dimension sizes, then the values in row-major order. Only type {@code 0x08}
 * (unsigned byte) is used by the datasets here; other types are rejected by name. The file, after
 * gunzipping when its name ends in {@code .gz}, must hold exactly {@code 4 + 4·rank + Π dims} bytes.
 *
 * @param file   where it was read from (for messages)
 * @param dims   the dimension sizes from the header
 * @param values the values, row-major, as unsigned bytes
 */
public record IdxFile(Path file, int[] dims, byte[] values) {
    private static final int UNSIGNED_BYTE = 0x08;

    /** Reads and validates an IDX file. */
    public static IdxFile read(Path file) {
        byte[] bytes = BinaryFiles.readAll(file);
        if (bytes.length < 4) throw DatasetException.inFile(file, "too short for an IDX header (" + bytes.length + " bytes)");
        int magic = intAt(bytes, 0);
        int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
        if ((magic >>> 16) != 0 || rank == 0) {
            throw DatasetException.inFile(file, String.format("bad magic number 0x%08X: not an IDX file (expected 0x0000TTRR, e.g. 0x00000803 for images)", magic));
        }
        if (type != UNSIGNED_BYTE) {
            throw DatasetException.inFile(file, String.format("IDX value type 0x%02X is not supported (only 0x08, unsigned byte)", type));
        }
        int headerBytes = 4 + 4 * rank;
        if (bytes.length < headerBytes) {
            throw DatasetException.inFile(file, "truncated header: rank " + rank + " needs " + headerBytes + " bytes, the file has " + bytes.length);
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = intAt(bytes, 4 + 4 * d);
            if (dims[d] < 0) throw DatasetException.inFile(file, "negative dimension " + dims[d] + " at axis " + d + " of the header");
            count *= dims[d];
            if (count > Integer.MAX_VALUE) throw DatasetException.inFile(file, "header dimensions " + Arrays.toString(dims) + " are too large");
        }
        long expected = headerBytes + count;
        if (bytes.length != expected) {
            throw DatasetException.inFile(file, "size does not match the header: dimensions " + Arrays.toString(dims) + " need " + expected
                    + " bytes, the " + (file.toString().endsWith(".gz") ? "decompressed " : "") + "file has " + bytes.length
                    + (bytes.length < expected ? " (truncated)" : " (trailing data)"));
        }
        return new IdxFile(file, dims, Arrays.copyOfRange(bytes, headerBytes, bytes.length));
    }

    /** Number of entries along axis 0 (images or labels). */
    public int count() {
        return dims[0];
    }

    /** The values as a FLOAT32 tensor {@code [dims[0], 1, dims[1], dims[2]]} of raw values 0..255 (not scaled). */
    public Tensor toImages() {
        if (dims.length != 3) throw DatasetException.inFile(file, "expected an image file of rank 3 [N, rows, columns], got dimensions " + Arrays.toString(dims));
        float[] pixels = new float[values.length];
        for (int i = 0; i < values.length; i++) pixels[i] = values[i] & 0xFF;
        return Tensor.fromArray(pixels, dims[0], 1, dims[1], dims[2]);
    }

    /** The values as an INT64 tensor {@code [N]} of labels, each checked to be below {@code numClasses}. */
    public Tensor toLabels(int numClasses) {
        if (dims.length != 1) throw DatasetException.inFile(file, "expected a label file of rank 1 [N], got dimensions " + Arrays.toString(dims));
        long[] labels = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            labels[i] = values[i] & 0xFF;
            if (labels[i] >= numClasses) {
                throw DatasetException.inFile(file, "label " + labels[i] + " of entry " + i + " is out of range (expected 0 to " + (numClasses - 1) + ")");
            }
        }
        return Tensor.fromArray(labels, labels.length);
    }

    private static int intAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16 | (bytes[offset + 2] & 0xFF) << 8 | (bytes[offset + 3] & 0xFF);
    }
}
