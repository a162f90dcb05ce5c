package dev.tensorj.nn.io;

import dev.tensorj.autograd.Grad;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range ({@code data_offsets}, relative to the data section) plus
 * an optional {@code __metadata__} map of strings, then the raw little-endian data. No executable
 * content, so it is safe to load from strangers; PyTorch users read it with {@code safetensors.torch}.
 *
 * <p>Saving is atomic: a temporary file in the same folder is written, flushed to disk ({@code fsync})
 * and renamed over the target, then the folder is synced, so a crash at any moment leaves either the
 * previous file or the new one, never a mix. Loading ({@link SafeTensorsReader}) validates the whole
 * header before allocating anything for the data: header length against the file, dtypes, shapes
 * (overflow), offsets inside the data, sizes matching shapes, no overlaps or gaps; a bad file is an
 * {@link IOException} naming it and the problem. Tensors are then read one by one from the file,
 * without a second full copy of it in memory.
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    /** Tensors (by name, in order) and the metadata map. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /** Writes the tensors (FLOAT32, FLOAT64 or INT64, any device) to {@code file} atomically, without metadata. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /** Writes the tensors and a string-to-string metadata map to {@code file} atomically; tensor order is kept. */
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
            if (e.getKey().equals("__metadata__")) throw new IllegalArgumentException("SafeTensors.save: '__metadata__' is reserved and cannot name a tensor");
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
        // Not Files.createTempFile, whose mode 0600 the rename would pass on to the checkpoint.
        Path tmp = dir.resolve("." + file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).flip();
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(headerBytes));
            for (Tensor t : tensors.values()) writeFully(out, bytesOf(t));
            out.force(true);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncFolder(dir);
    }

    /** Makes the rename itself durable (a no-op where a folder cannot be opened for syncing). */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // some file systems refuse to open folders; the rename is still atomic there
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

    /** The safetensors header's code of a dtype: F32, F64 or I64. */
    public static String code(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
        };
    }

    /** Every tensor of a file (see {@link #read}). */
    public static Map<String, Tensor> load(Path file) throws IOException {
        return read(file).tensors();
    }

    /**
     * Reads and validates a whole file; F16 and BF16 tensors are widened to FLOAT32. The header is
     * validated before any tensor is read (see {@link SafeTensorsReader}).
     */
    public static Contents read(Path file) throws IOException {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            return new Contents(reader.readAll(), new LinkedHashMap<>(reader.metadata()));
        }
    }

    /**
     * Loads a file into a module's parameters and buffers, one tensor at a time (the file's tensors are
     * never all in memory at once). Every missing (strict), unexpected (strict) and shape-mismatched
     * key is found from the header alone and reported at once, before anything is modified.
     */
    public static void loadInto(Layer module, Path file, boolean strict) throws IOException {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            Map<String, int[]> shapes = new LinkedHashMap<>();
            reader.entries().forEach((name, info) -> shapes.put(name, info.shape()));
            try {
                module.checkStateDict(shapes, strict);
            } catch (IllegalArgumentException e) { // name what the file holds (ModelCheckpoint's metadata) beside what was expected
                String held = reader.metadata().get("model");
                throw new IllegalArgumentException(file + (held != null ? " holds " + held : "") + ", expected " + module.name() + ": " + e.getMessage(), e);
            }
            try (var noGrad = Grad.disabled()) {
                for (var e : module.stateDict().entrySet()) {
                    if (shapes.containsKey(e.getKey())) e.getValue().copyFrom(reader.tensor(e.getKey()).to(e.getValue().device()));
                }
            }
        }
    }
}
