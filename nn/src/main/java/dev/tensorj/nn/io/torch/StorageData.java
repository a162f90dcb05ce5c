package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.torch.Py.StorageRef;
import dev.tensorj.nn.io.torch.Py.TensorRef;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Where a storage's raw elements lie in the file ({@code numel} elements of {@code type} from byte
 * {@code start}, in {@code order}), with the zip entry's CRC-32 when there is one; and the code that
 * turns a {@link TensorRef} over it into a tensorj {@link Tensor}, honouring the storage offset and the
 * strides (the result is always a fresh contiguous tensor).
 */
record StorageData(String key, StorageType type, long numel, long start, ByteOrder order, Integer crc32) {
    private static final int CHUNK = 1 << 20;

    /** Reads the tensor: the whole storage is decoded (and its CRC checked), then the view is gathered. */
    Tensor read(Path file, FileChannel channel, TensorRef ref, int[] shape) throws PthFormatException {
        StorageRef view = ref.storageRef();
        int n = (int) numel; // validated: numel <= Integer.MAX_VALUE - 8
        Object values = switch (type.dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT64 -> new long[n];
        };
        decode(file, channel, values);
        long base = view.viewOffset() + ref.offset();
        int count = 1;
        for (int d : shape) count *= d;
        boolean whole = base == 0 && count == n && contiguous(shape, ref.stride());
        if (!whole) values = gather(values, count, base, shape, ref.stride());
        return switch (values) {
            case float[] f -> Tensor.fromArray(f, shape);
            case double[] d -> Tensor.fromArray(d, shape);
            case long[] l -> Tensor.fromArray(l, shape);
            default -> throw new IllegalStateException();
        };
    }

    static boolean contiguous(int[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    private static Object gather(Object source, int count, long base, int[] shape, long[] stride) {
        int[] index = new int[shape.length];
        Object out = switch (source) {
            case float[] f -> new float[count];
            case double[] d -> new double[count];
            default -> new long[count];
        };
        for (int i = 0; i < count; i++) {
            long at = base;
            for (int d = 0; d < shape.length; d++) at += index[d] * stride[d];
            switch (source) {
                case float[] f -> ((float[]) out)[i] = f[(int) at];
                case double[] dd -> ((double[]) out)[i] = dd[(int) at];
                case long[] l -> ((long[]) out)[i] = l[(int) at];
                default -> throw new IllegalStateException();
            }
            for (int d = shape.length - 1; d >= 0; d--) { // odometer
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return out;
    }

    private void decode(Path file, FileChannel channel, Object values) throws PthFormatException {
        int size = type.elementSize;
        long bytes = numel * size;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(bytes, 1))).order(order);
        CRC32 crc = new CRC32();
        long done = 0;
        int element = 0;
        while (done < bytes) {
            int want = (int) Math.min(chunk.capacity() / size * size, bytes - done);
            chunk.clear().limit(want);
            try {
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk, start + done + chunk.position()) < 0) {
                        throw new PthFormatException(file, "storage '" + key + "' is cut off at the end of the file (it changed while being read?)");
                    }
                }
            } catch (PthFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new PthFormatException(file, "reading storage '" + key + "' failed: " + e.getMessage(), e);
            }
            chunk.flip();
            if (crc32 != null) crc.update(chunk.duplicate());
            int k = want / size;
            decodeChunk(chunk, values, element, k);
            element += k;
            done += want;
        }
        if (crc32 != null && (int) crc.getValue() != crc32) {
            throw new PthFormatException(file, "storage '" + key + "' fails its CRC-32 check (stored " + Integer.toHexString(crc32)
                    + ", computed " + Long.toHexString(crc.getValue()) + "): the file is corrupt");
        }
    }

    private void decodeChunk(ByteBuffer b, Object values, int at, int k) {
        switch (type) {
            case FLOAT -> b.asFloatBuffer().get((float[]) values, at, k);
            case DOUBLE -> b.asDoubleBuffer().get((double[]) values, at, k);
            case LONG -> b.asLongBuffer().get((long[]) values, at, k);
            case HALF -> {
                float[] f = (float[]) values;
                for (int i = 0; i < k; i++) f[at + i] = Float.float16ToFloat(b.getShort(2 * i));
            }
            case BFLOAT16 -> { // the upper 16 bits of a float32
                float[] f = (float[]) values;
                for (int i = 0; i < k; i++) f[at + i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
            }
            case INT -> {
                long[] l = (long[]) values;
                for (int i = 0; i < k; i++) l[at + i] = b.getInt(4 * i);
            }
            case SHORT -> {
                long[] l = (long[]) values;
                for (int i = 0; i < k; i++) l[at + i] = b.getShort(2 * i);
            }
            case CHAR -> {
                long[] l = (long[]) values;
                for (int i = 0; i < k; i++) l[at + i] = b.get(i);
            }
            case BYTE -> {
                long[] l = (long[]) values;
                for (int i = 0; i < k; i++) l[at + i] = b.get(i) & 0xFF;
            }
            case BOOL -> {
                long[] l = (long[]) values;
                for (int i = 0; i < k; i++) l[at + i] = b.get(i) != 0 ? 1 : 0;
            }
        }
    }
}
