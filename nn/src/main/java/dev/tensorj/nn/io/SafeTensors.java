package dev.tensorj.nn.io;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range ({@code data_offsets}, relative to the data section) plus
 * an optional {@code __metadata__} map of strings, then the raw little-endian data. No executable
 * content, so it is safe to load from strangers; PyTorch users read it with {@code safetensors.torch}.
 *
 * <p>Saving is atomic: a temporary file in the same folder is written, flushed to disk and renamed
 * over the target, so a crash leaves the previous file intact. Loading validates everything before
 * allocating: header length against the file, dtypes, shapes (overflow), offsets inside the data,
 * sizes matching shapes, no overlaps; a bad file is an {@link IOException} naming it and the problem.
 */
public final class SafeTensors {
    /** Headers larger than this are refused (the format's reference implementation uses 100 MB). */
    static final long MAX_HEADER = 100L * 1024 * 1024;

    private SafeTensors() {
    }

    /** Tensors (by name, in order) and the metadata map. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":{");
            boolean first = true;
            for (var e : metadata.entrySet()) {
                header.append(first ? "" : ",").append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                first = false;
            }
            header.append('}');
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().byteSize();
            if (header.length() > 1) header.append(',');
            header.append(Json.quote(e.getKey())).append(":{\"dtype\":\"").append(code(t.dtype())).append("\",\"shape\":")
                    .append(java.util.Arrays.toString(t.dims()).replace(" ", "")).append(",\"data_offsets\":[").append(offset).append(',')
                    .append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] raw = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] headerBytes = java.util.Arrays.copyOf(raw, (raw.length + 7) / 8 * 8); // data section 8-byte aligned
        java.util.Arrays.fill(headerBytes, raw.length, headerBytes.length, (byte) ' ');

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).flip();
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(headerBytes));
            for (Tensor t : tensors.values()) writeFully(out, bytesOf(t));
            out.force(true);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) out.write(buffer);
    }

    private static ByteBuffer bytesOf(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.numel() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> b.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> b.asDoubleBuffer().put(t.toDoubleArray());
            case INT64 -> b.asLongBuffer().put(t.toLongArray());
        }
        return b;
    }

    private static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
        };
    }

    public static Map<String, Tensor> load(Path file) throws IOException {
        return read(file).tensors();
    }

    /** Reads and validates a whole file; F16 and BF16 tensors are widened to FLOAT32. */
    public static Contents read(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < 8) throw bad(file, "the file has " + size + " bytes, fewer than the 8-byte header length");
            MappedByteBuffer map = in.map(FileChannel.MapMode.READ_ONLY, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = map.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw bad(file, "header length " + headerLength + " does not fit a file of " + size + " bytes");
            }
            byte[] headerBytes = new byte[(int) headerLength];
            map.get(8, headerBytes);
            Object parsed;
            try {
                parsed = Json.parse(new String(headerBytes, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw bad(file, "header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) throw bad(file, "header is not a JSON object");
            long dataStart = 8 + headerLength, dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
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
                entries.add(Entry.of(file, name, e.getValue(), dataSize));
            }
            // byte ranges must not overlap (they may leave no gaps either, per the format)
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(java.util.Comparator.comparingLong(Entry::begin));
            long expected = 0;
            for (Entry en : sorted) {
                if (en.begin() != expected) throw bad(file, "tensor '" + en.name() + "' starts at byte " + en.begin() + ", expected " + expected + " (overlap or gap)");
                expected = en.end();
            }
            if (expected != dataSize) throw bad(file, "the tensors cover " + expected + " bytes of the " + dataSize + "-byte data section");
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry en : entries) tensors.put(en.name(), en.read(map, dataStart));
            return new Contents(tensors, metadata);
        }
    }

    static IOException bad(Path file, String problem) {
        return new IOException(file + ": not a valid safetensors file: " + problem);
    }

    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
        static Entry of(Path file, String name, Object value, long dataSize) throws IOException {
            if (!(value instanceof Map<?, ?> m)) throw bad(file, "entry '" + name + "' is not an object");
            if (!(m.get("dtype") instanceof String dtype)) throw bad(file, "tensor '" + name + "' has no dtype");
            int elementSize = switch (dtype) {
                case "F32" -> 4;
                case "F64", "I64" -> 8;
                case "F16", "BF16" -> 2;
                default -> throw bad(file, "tensor '" + name + "' has dtype " + dtype + "; supported: F32, F64, I64, F16, BF16");
            };
            if (!(m.get("shape") instanceof List<?> shapeList)) throw bad(file, "tensor '" + name + "' has no shape");
            int[] shape = new int[shapeList.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) throw bad(file, "tensor '" + name + "' has a bad shape " + shapeList);
                shape[i] = (int) (long) d;
                count = Math.multiplyExact(count, d);
                if (count > Integer.MAX_VALUE) throw bad(file, "tensor '" + name + "' shape " + shapeList + " has too many elements");
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
            return new Entry(name, dtype, shape, begin, end);
        }

        Tensor read(MappedByteBuffer map, long dataStart) {
            int n = (int) ((end - begin) / switch (dtype) { case "F32" -> 4; case "F16", "BF16" -> 2; default -> 8; });
            ByteBuffer slice = map.slice((int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            return switch (dtype) {
                case "F32" -> {
                    float[] v = new float[n];
                    slice.asFloatBuffer().get(v);
                    yield Tensor.fromArray(v, shape);
                }
                case "F64" -> {
                    double[] v = new double[n];
                    slice.asDoubleBuffer().get(v);
                    yield Tensor.fromArray(v, shape);
                }
                case "I64" -> {
                    long[] v = new long[n];
                    slice.asLongBuffer().get(v);
                    yield Tensor.fromArray(v, shape);
                }
                case "F16" -> {
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) v[i] = Float.float16ToFloat(slice.getShort(2 * i));
                    yield Tensor.fromArray(v, shape);
                }
                default -> { // BF16: the upper 16 bits of a float32
                    float[] v = new float[n];
                    for (int i = 0; i < n; i++) v[i] = Float.intBitsToFloat((slice.getShort(2 * i) & 0xFFFF) << 16);
                    yield Tensor.fromArray(v, shape);
                }
            };
        }
    }
}
