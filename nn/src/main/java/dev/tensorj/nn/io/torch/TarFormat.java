package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.io.torch.Py.StorageRef;
import dev.tensorj.nn.io.torch.Py.TensorClass;
import dev.tensorj.nn.io.torch.Py.TensorRef;
import dev.tensorj.nn.io.torch.Py.Tuple;

import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tar checkpoint of PyTorch before 0.1.10 (still read by {@code torch.load}): four files.
 * <ul>
 *   <li>{@code sys_info}: a pickled dict ({@code little_endian}, type sizes);</li>
 *   <li>{@code storages}: a pickled count, then per storage a pickled {@code (key, location,
 *       storage_class)}, an 8-byte element count and the elements; then a pickled list of storage views
 *       {@code (view_key, root_key, offset, numel)};</li>
 *   <li>{@code tensors}: a pickled count, then per tensor a pickled {@code (key, storage_key,
 *       tensor_class)}, a 4-byte dimension count, 4 bytes of padding, the sizes and strides as 8-byte
 *       integers and the 8-byte storage offset;</li>
 *   <li>{@code pickle}: the object, whose persistent ids are the keys of those tensors and storages.</li>
 * </ul>
 */
final class TarFormat {
    private TarFormat() {
    }

    static Parsed parse(Path file, FileChannel channel, long size) throws PthFormatException {
        Map<String, TarIndex.Entry> entries = TarIndex.read(file, channel, size);
        for (String needed : List.of("storages", "tensors", "pickle")) {
            if (!entries.containsKey(needed)) throw new PthFormatException(file, "a tar checkpoint needs a '" + needed + "' entry; this tar has " + entries.keySet());
        }
        Unpickler.PersistentLoader none = pid -> {
            throw new PthFormatException(file, "a persistent id outside the 'pickle' entry");
        };
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        TarIndex.Entry info = entries.get("sys_info");
        if (info != null) order = LegacyFormat.byteOrder(file, Unpickler.load(region(file, channel, info), none));

        // storages
        FileRegion s = region(file, channel, entries.get("storages"));
        long count = count(file, Unpickler.load(s, none), s, "storages");
        Map<String, StorageData> storages = new HashMap<>();
        Map<String, StorageRef> objects = new HashMap<>();
        Map<String, TensorRef> tensors = new HashMap<>();
        for (long i = 0; i < count; i++) {
            Object record = Unpickler.load(s, none);
            if (!(record instanceof Tuple t) || t.size() != 3 || !(t.get(2) instanceof StorageType type)) {
                throw new PthFormatException(file, "storage record " + i + " is not a (key, location, storage class) tuple");
            }
            String key = canonical(Parsed.key(file, t.get(0), "storage record " + i));
            long numel = s.readLE(8, "the element count of storage '" + key + "'");
            if (order == ByteOrder.BIG_ENDIAN) numel = Long.reverseBytes(numel);
            if (numel < 0 || numel > s.remaining() / type.elementSize) throw new PthFormatException(file, "storage '" + key + "' claims " + numel + " elements, more than the entry holds");
            if (storages.put(key, new StorageData(key, type, numel, s.position(), order, null)) != null) throw new PthFormatException(file, "storage '" + key + "' appears twice");
            objects.put(key, new StorageRef(key, type, numel, 0, numel, String.valueOf(t.get(1))));
            s.skip(numel * type.elementSize, "storage '" + key + "'");
        }
        Object views = Unpickler.load(s, none);
        if (!(views instanceof List<?> viewList)) throw new PthFormatException(file, "the storage view list is a " + Py.typeName(views));
        for (Object v : viewList) {
            if (!(v instanceof Tuple t) || t.size() != 4 || !(t.get(2) instanceof Long offset) || !(t.get(3) instanceof Long numel)) {
                throw new PthFormatException(file, "a storage view is not a (view_key, root_key, offset, numel) tuple");
            }
            String key = canonical(Parsed.key(file, t.get(0), "a storage view")), rootKey = canonical(Parsed.key(file, t.get(1), "a storage view"));
            StorageRef root = objects.get(rootKey);
            if (root == null || root.viewNumel() != root.numel()) throw new PthFormatException(file, "storage view '" + key + "' refers to an unknown storage '" + rootKey + "'");
            if (offset < 0 || numel < 0 || offset > root.numel() || numel > root.numel() - offset) throw new PthFormatException(file, "storage view '" + key + "' lies outside storage '" + rootKey + "'");
            if (objects.putIfAbsent(key, new StorageRef(rootKey, root.type(), root.numel(), offset, numel, root.location())) != null) {
                throw new PthFormatException(file, "storage '" + key + "' appears twice");
            }
        }

        // tensors
        FileRegion tr = region(file, channel, entries.get("tensors"));
        long tensorCount = count(file, Unpickler.load(tr, none), tr, "tensors");
        for (long i = 0; i < tensorCount; i++) {
            Object record = Unpickler.load(tr, none);
            if (!(record instanceof Tuple t) || t.size() != 3 || !(t.get(2) instanceof TensorClass)) {
                throw new PthFormatException(file, "tensor record " + i + " is not a (key, storage key, tensor class) tuple");
            }
            String key = canonical(Parsed.key(file, t.get(0), "tensor record " + i));
            String storageKey = canonical(Parsed.key(file, t.get(1), "tensor record " + i));
            StorageRef storage = objects.get(storageKey);
            if (storage == null) throw new PthFormatException(file, "tensor '" + key + "' refers to an unknown storage '" + storageKey + "'");
            long ndim = tr.readLE(4, "the dimension count of tensor '" + key + "'");
            tr.skip(4, "padding");
            if (ndim > 64) throw new PthFormatException(file, "tensor '" + key + "' has " + ndim + " dimensions (at most 64)");
            long[] sizes = new long[(int) ndim], strides = new long[(int) ndim];
            for (int d = 0; d < ndim; d++) sizes[d] = tr.readLE(8, "the sizes of tensor '" + key + "'");
            for (int d = 0; d < ndim; d++) strides[d] = tr.readLE(8, "the strides of tensor '" + key + "'");
            long offset = tr.readLE(8, "the storage offset of tensor '" + key + "'");
            if (offset < 0) throw new PthFormatException(file, "tensor '" + key + "' has a negative storage offset");
            if (tensors.put(key, new TensorRef(storage, offset, sizes, strides)) != null) throw new PthFormatException(file, "tensor '" + key + "' appears twice");
        }

        // the object
        Object root = Unpickler.load(region(file, channel, entries.get("pickle")), pid -> {
            if (pid instanceof Tuple t && t.size() > 0 && "module".equals(t.get(0))) {
                throw new PthFormatException(file, "the file holds a pickled model class (torch.save(model)); save model.state_dict() instead");
            }
            String key = canonical(Parsed.key(file, pid, "a persistent id"));
            Object found = tensors.containsKey(key) ? tensors.get(key) : objects.get(key);
            if (found == null) throw new PthFormatException(file, "persistent id '" + key + "' names no saved tensor or storage");
            return found;
        });
        return new Parsed(TorchCheckpoint.Format.LEGACY_TAR, root, storages);
    }

    private static FileRegion region(Path file, FileChannel channel, TarIndex.Entry e) {
        return new FileRegion(file, channel, e.dataStart(), e.dataStart() + e.size(), "tar entry '" + e.name() + "'");
    }

    private static long count(Path file, Object count, FileRegion in, String what) throws PthFormatException {
        if (!(count instanceof Long n) || n < 0 || n > in.remaining()) throw new PthFormatException(file, "the number of " + what + " is not a plausible count");
        return n;
    }

    /** torch.load looks ids up as int(saved_id): "007" and 7 name the same object. */
    private static String canonical(String key) {
        try {
            return Long.toString(Long.parseLong(key));
        } catch (NumberFormatException e) {
            return key;
        }
    }
}
