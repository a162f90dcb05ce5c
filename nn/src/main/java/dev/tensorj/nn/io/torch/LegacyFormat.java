package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.torch.Py.StorageRef;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pickle-stream checkpoint of PyTorch 0.1.10 to 1.5 (and of {@code torch.save(...,
 * _use_new_zipfile_serialization=False)} since): five pickles in a row, then the raw storages.
 * <ol>
 *   <li>the magic number 0x1950a86a20f9469cfc6c,</li>
 *   <li>the protocol version 1001,</li>
 *   <li>{@code sys_info}: a dict with {@code little_endian} and the C type sizes,</li>
 *   <li>the object, storages as persistent ids {@code ('storage', torch.FloatStorage, root_key,
 *       location, numel, view_metadata)},</li>
 *   <li>the sorted list of storage keys;</li>
 * </ol>
 * then, for each key in that order, the element count as an 8-byte integer and the elements.
 */
final class LegacyFormat {
    static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long PROTOCOL_VERSION = 1001;

    private LegacyFormat() {
    }

    static Parsed parse(Path file, FileChannel channel, long size) throws PthFormatException {
        FileRegion in = new FileRegion(file, channel, 0, size, "the legacy pickle stream");
        Unpickler.PersistentLoader none = pid -> {
            throw new PthFormatException(file, "a persistent id inside the stream's header");
        };
        Object magic = Unpickler.load(in, none);
        if (!MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
            throw new PthFormatException(file, "not a PyTorch checkpoint: a pickle stream, but it does not start with PyTorch's magic number");
        }
        Object version = Unpickler.load(in, none);
        if (!(version instanceof Long v) || v != PROTOCOL_VERSION) throw new PthFormatException(file, "legacy protocol version is not " + PROTOCOL_VERSION);
        Object sysInfo = Unpickler.load(in, none);
        ByteOrder order = byteOrder(file, sysInfo);
        Map<String, StorageRef> seen = new LinkedHashMap<>();
        Object root = Unpickler.load(in, pid -> Parsed.storageId(file, pid, true, seen));
        Object keys = Unpickler.load(in, none);
        if (!(keys instanceof List<?> keyList)) throw new PthFormatException(file, "the storage key list is a " + Py.typeName(keys) + ", expected a list");
        Map<String, StorageData> storages = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        for (Object k : keyList) {
            String key = Parsed.key(file, k, "the storage key list");
            StorageRef s = seen.get(key);
            if (s == null) throw new PthFormatException(file, "storage '" + key + "' is listed but no tensor refers to it, so its element size is unknown");
            if (!listed.add(key)) throw new PthFormatException(file, "storage '" + key + "' is listed twice");
            long count = in.readLE(8, "the element count of storage '" + key + "'");
            if (order == ByteOrder.BIG_ENDIAN) count = Long.reverseBytes(count);
            if (count != s.numel()) throw new PthFormatException(file, "storage '" + key + "' holds " + count + " elements in the data, " + s.numel() + " in the pickle");
            if (s.numel() > in.remaining() / s.type().elementSize) {
                throw new PthFormatException(file, "storage '" + key + "' (" + s.numel() + " x " + s.type() + ") runs past the end of the file: truncated");
            }
            storages.put(key, new StorageData(key, s.type(), s.numel(), in.position(), order, null));
            in.skip(s.numel() * s.type().elementSize, "storage '" + key + "'");
        }
        for (String key : seen.keySet()) if (!listed.contains(key)) throw new PthFormatException(file, "storage '" + key + "' is used but missing from the storage key list");
        return new Parsed(TorchCheckpoint.Format.LEGACY_PICKLE, root, storages);
    }

    /** {@code sys_info['little_endian']}; little-endian when the dict does not say. */
    static ByteOrder byteOrder(Path file, Object sysInfo) throws PthFormatException {
        if (!(sysInfo instanceof Map<?, ?> info)) throw new PthFormatException(file, "sys_info is a " + Py.typeName(sysInfo) + ", expected a dict");
        Object little = info.get("little_endian");
        if (little == null) return ByteOrder.LITTLE_ENDIAN;
        if (!(little instanceof Boolean b)) throw new PthFormatException(file, "sys_info['little_endian'] is not a bool");
        return b ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }
}
