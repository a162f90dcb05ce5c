package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.torch.Py.StorageRef;
import dev.tensorj.nn.io.torch.Py.Tuple;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a container parser hands back: the unpickled object (tensors still {@link Py.TensorRef}s) and
 * where each storage's data lies, by storage key. Also the storage-id checks the formats share.
 */
record Parsed(TorchCheckpoint.Format format, Object root, Map<String, StorageData> storages) {

    /** The key of a storage or tensor as a string: Python ints and strings both occur. */
    static String key(Path file, Object key, String what) throws PthFormatException {
        return switch (key) {
            case String s -> s;
            case Long l -> Long.toString(l);
            default -> throw new PthFormatException(file, what + ": a storage key must be a string or an int, got " + Py.typeName(key));
        };
    }

    /** A persistent id saved by torch.save's pickler: ('storage', class, key, location, numel[, view]). */
    static StorageRef storageId(Path file, Object pid, boolean legacy, Map<String, StorageRef> seen) throws PthFormatException {
        if (!(pid instanceof Tuple t) || t.size() == 0) throw new PthFormatException(file, "a persistent id is a " + Py.typeName(pid) + ", expected a ('storage', ...) tuple");
        if ("module".equals(t.get(0))) {
            throw new PthFormatException(file, "the file holds a pickled model class (torch.save(model)), which only Python can rebuild; "
                    + "save model.state_dict() instead");
        }
        int expected = legacy ? 6 : 5;
        if (!"storage".equals(t.get(0)) || t.size() != expected) {
            throw new PthFormatException(file, "a persistent id is not a " + expected + "-item ('storage', ...) tuple");
        }
        if (!(t.get(1) instanceof StorageType type)) throw new PthFormatException(file, "a storage id names " + Py.typeName(t.get(1)) + ", expected a storage class");
        String key = key(file, t.get(2), "a storage id");
        if (!(t.get(3) instanceof String location)) throw new PthFormatException(file, "storage '" + key + "' has no location string");
        if (!(t.get(4) instanceof Long numel) || numel < 0) throw new PthFormatException(file, "storage '" + key + "' has no valid element count");
        long viewOffset = 0, viewNumel = numel;
        if (legacy && !(t.get(5) instanceof Py.None)) { // an old storage view: (view_key, offset, size)
            if (!(t.get(5) instanceof Tuple v) || v.size() != 3 || !(v.get(1) instanceof Long o) || !(v.get(2) instanceof Long s) || o < 0 || s < 0 || o > numel || s > numel - o) {
                throw new PthFormatException(file, "storage '" + key + "' has a malformed or out-of-range view");
            }
            viewOffset = o;
            viewNumel = s;
        }
        StorageRef ref = new StorageRef(key, type, numel, viewOffset, viewNumel, location);
        StorageRef earlier = seen.putIfAbsent(key, ref);
        if (earlier != null && (earlier.type() != type || earlier.numel() != numel)) {
            throw new PthFormatException(file, "storage '" + key + "' is described twice, as " + earlier.numel() + " x " + earlier.type() + " and " + numel + " x " + type);
        }
        return ref;
    }
}
