package dev.tensorj.nn.io;

import dev.tensorj.tensor.Tensor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An open safetensors file whose header has been read and fully validated, and whose tensors are read
 * one at a time on request. Opening reads only the header: the 8-byte length (checked against the file
 * size before anything is allocated), the JSON, and every entry's dtype, shape and byte range (checked
 * against the data section: inside it, sizes matching shapes, no overlaps, no gaps). A tensor is then
 * read straight from the file into its own array through a small fixed buffer, so loading a large file
 * never holds a second full copy of it in memory (no whole-file buffer, no map of the file).
 *
 * <p>Any problem is an {@link IOException} that names the file and what is wrong.
 */
public final class SafeTensorsReader implements Closeable {
    /** Headers larger than this are refused (the format's reference implementation uses 100 MB). */
    static final long MAX_HEADER = 100L * 1024 * 1024;
    /** Bytes read from the file per call while filling a tensor. */
    private static final int CHUNK = 1 << 20;

    /** One tensor's header entry: the file's dtype code (F32, F64, I64, F16, BF16), shape and byte range in the data section. */
    public record TensorInfo(String name, String dtype, int[] shape, long begin, long end) {
        /** The size of the tensor's data in the file, in bytes. */
        public long byteCount() {
            return end - begin;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> entries;
    private final Map<String, String> metadata;
    private ByteBuffer chunk;

    private SafeTensorsReader(Path file, FileChannel channel, long dataStart, Map<String, TensorInfo> entries, Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens a file and validates its header; read tensors with {@link #tensor}, then close. */
    public static SafeTensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return readHeader(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafeTensorsReader readHeader(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) throw bad(file, "the file has " + size + " bytes, fewer than the 8-byte header length");
        long headerLength = readFully(file, channel, ByteBuffer.allocate(8), 0).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
            throw bad(file, "header length " + headerLength + " does not fit a file of " + size + " bytes (at most " + MAX_HEADER + ")");
        }
        byte[] headerBytes = readFully(file, channel, ByteBuffer.allocate((int) headerLength), 8).array();
        Object parsed;
        try {
            parsed = Json.parse(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw bad(file, "header is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> header)) throw bad(file, "header is not a JSON object");
        long dataStart = 8 + headerLength, dataSize = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> entries = new LinkedHashMap<>();
        for (var e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(file, "__metadata__ is not an object");
                for (var me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) throw bad(file, "metadata value of '" + me.getKey() + "' is not a string");
                    metadata.put((String) me.getKey(), s);
                }
                continue;
            }
            entries.put(name, entry(file, name, e.getValue(), dataSize));
        }
        // byte ranges must tile the data section exactly: no overlap, no gap, nothing left over
        List<TensorInfo> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        for (TensorInfo en : sorted) {
            if (en.begin() != expected) throw bad(file, "tensor '" + en.name() + "' starts at byte " + en.begin() + ", expected " + expected + " (overlap or gap)");
            expected = en.end();
        }
        if (expected != dataSize) throw bad(file, "the tensors cover " + expected + " bytes of the " + dataSize + "-byte data section");
        return new SafeTensorsReader(file, channel, dataStart, entries, metadata);
    }

    static int elementSize(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F64", "I64" -> 8;
            case "F16", "BF16" -> 2;
            default -> -1;
        };
    }

    private static TensorInfo entry(Path file, String name, Object value, long dataSize) throws IOException {
        if (!(value instanceof Map<?, ?> m)) throw bad(file, "entry '" + name + "' is not an object");
        if (!(m.get("dtype") instanceof String dtype)) throw bad(file, "tensor '" + name + "' has no dtype");
        int elementSize = elementSize(dtype);
        if (elementSize < 0) throw bad(file, "tensor '" + name + "' has dtype " + dtype + "; supported: F32, F64, I64, F16, BF16");
        if (!(m.get("shape") instanceof List<?> shapeList)) throw bad(file, "tensor '" + name + "' has no shape");
        if (shapeList.size() > 64) throw bad(file, "tensor '" + name + "' has " + shapeList.size() + " dimensions (at most 64)");
        int[] shape = new int[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) throw bad(file, "tensor '" + name + "' has a bad shape " + shapeList);
            shape[i] = (int) (long) d;
            // a product that passes Integer.MAX_VALUE is refused at once, so it can never overflow a long
            count *= d;
            if (count > Integer.MAX_VALUE) throw bad(file, "tensor '" + name + "' shape " + shapeList + " has too many elements (at most " + Integer.MAX_VALUE + ")");
        }
        if (!(m.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw bad(file, "tensor '" + name + "' has no valid data_offsets");
        }
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, "tensor '" + name + "' data_offsets [" + begin + ", " + end + "] fall outside the " + dataSize + "-byte data section");
        }
        if (end - begin != count * elementSize) {
            throw bad(file, "tensor '" + name + "' holds " + (end - begin) + " bytes, its " + dtype + " shape " + shapeList + " needs " + count * elementSize);
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    static IOException bad(Path file, String problem) {
        return new IOException(file + ": not a valid safetensors file: " + problem);
    }

    private static ByteBuffer readFully(Path file, FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) throw bad(file, "the file ended early (it changed while being read?)");
        }
        return buffer.flip();
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The tensors' names, in header order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Each tensor's header entry by name, in header order. */
    public Map<String, TensorInfo> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * Reads one tensor into a new CPU tensor: F32, F64 and I64 keep their dtype, F16 and BF16 are
     * widened to FLOAT32.
     */
    public Tensor tensor(String name) throws IOException {
        TensorInfo info = entries.get(name);
        if (info == null) throw new IllegalArgumentException(file + ": no tensor '" + name + "'; the file has " + entries.keySet());
        int n = (int) (info.byteCount() / elementSize(info.dtype()));
        return switch (info.dtype()) {
            case "F32" -> {
                float[] values = new float[n];
                readInto(info, (buffer, at) -> {
                    int k = buffer.remaining() / 4;
                    buffer.asFloatBuffer().get(values, at, k);
                    return k;
                }, 4);
                yield Tensor.fromArray(values, info.shape());
            }
            case "F64" -> {
                double[] values = new double[n];
                readInto(info, (buffer, at) -> {
                    int k = buffer.remaining() / 8;
                    buffer.asDoubleBuffer().get(values, at, k);
                    return k;
                }, 8);
                yield Tensor.fromArray(values, info.shape());
            }
            case "I64" -> {
                long[] values = new long[n];
                readInto(info, (buffer, at) -> {
                    int k = buffer.remaining() / 8;
                    buffer.asLongBuffer().get(values, at, k);
                    return k;
                }, 8);
                yield Tensor.fromArray(values, info.shape());
            }
            case "F16" -> {
                float[] values = new float[n];
                readInto(info, (buffer, at) -> {
                    int k = buffer.remaining() / 2;
                    for (int i = 0; i < k; i++) values[at + i] = Float.float16ToFloat(buffer.getShort(buffer.position() + 2 * i));
                    return k;
                }, 2);
                yield Tensor.fromArray(values, info.shape());
            }
            default -> { // BF16: the upper 16 bits of a float32
                float[] values = new float[n];
                readInto(info, (buffer, at) -> {
                    int k = buffer.remaining() / 2;
                    for (int i = 0; i < k; i++) values[at + i] = Float.intBitsToFloat((buffer.getShort(buffer.position() + 2 * i) & 0xFFFF) << 16);
                    return k;
                }, 2);
                yield Tensor.fromArray(values, info.shape());
            }
        };
    }

    /** Consumes a buffer of whole elements, storing them from element index {@code at}; returns how many it took. */
    private interface ChunkSink {
        int accept(ByteBuffer buffer, int at);
    }

    private void readInto(TensorInfo info, ChunkSink sink, int elementSize) throws IOException {
        if (chunk == null) chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + info.begin(), end = dataStart + info.end();
        int element = 0;
        while (position < end) {
            int bytes = (int) Math.min(CHUNK / elementSize * elementSize, end - position);
            chunk.clear().limit(bytes);
            readFully(file, channel, chunk, position);
            element += sink.accept(chunk.order(ByteOrder.LITTLE_ENDIAN), element);
            position += bytes;
        }
    }

    /** Every tensor, in header order. */
    public Map<String, Tensor> readAll() throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : entries.keySet()) out.put(name, tensor(name));
        return out;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
