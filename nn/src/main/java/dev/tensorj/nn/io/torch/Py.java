package dev.tensorj.nn.io.torch;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The Python values the restricted unpickler builds: {@code str} is a {@link String}, {@code int} a
 * {@link Long} (a {@link BigInteger} when it does not fit), {@code float} a {@link Double}, {@code bool}
 * a {@link Boolean}, {@code None} {@link #NONE}, {@code bytes} {@link Bytes}, {@code tuple}
 * {@link Tuple}, {@code list} an {@code ArrayList}, {@code dict} and {@code OrderedDict} a
 * {@code LinkedHashMap}. Torch objects are {@link StorageType} (a storage class), {@link TensorClass},
 * {@link Callable} (an allowed function), {@link StorageRef} and {@link TensorRef}.
 */
final class Py {
    private Py() {
    }

    /** Python's {@code None}. */
    enum None { NONE }

    static final None NONE = None.NONE;

    /** An immutable tuple. */
    record Tuple(List<Object> items) {
        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** A {@code bytes} object. */
    record Bytes(byte[] value) {
    }

    /** A legacy tensor class such as {@code torch.FloatTensor} (named in the tar format's tensor records). */
    record TensorClass(StorageType storage) {
    }

    /** The functions a weights-only checkpoint may call, by their Python names. */
    enum Callable {
        ORDERED_DICT("collections.OrderedDict"),
        REBUILD_TENSOR("torch._utils._rebuild_tensor"),
        REBUILD_TENSOR_V2("torch._utils._rebuild_tensor_v2"),
        REBUILD_PARAMETER("torch._utils._rebuild_parameter"),
        REBUILD_PARAMETER_WITH_STATE("torch._utils._rebuild_parameter_with_state"),
        TORCH_SIZE("torch.Size");

        final String pythonName;

        Callable(String pythonName) {
            this.pythonName = pythonName;
        }
    }

    /**
     * A storage a tensor refers to: the file's storage {@code key} of {@code numel} elements of
     * {@code type}, seen through a view that starts {@code viewOffset} elements in and holds
     * {@code viewNumel} (the whole storage unless an old file saved a storage view).
     */
    record StorageRef(String key, StorageType type, long numel, long viewOffset, long viewNumel, String location) {
    }

    /** A tensor as the file describes it: a storage, an element offset into it, a size and strides. */
    record TensorRef(StorageRef storageRef, long offset, long[] size, long[] stride) {
    }

    /** Python's name of a value's type, for messages (never the value: it may be huge or contain itself). */
    static String typeName(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "str";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            case None n -> "None";
            case Bytes b -> "bytes";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case StorageType s -> "storage class " + s;
            case TensorClass t -> "tensor class";
            case Callable c -> c.pythonName;
            case StorageRef s -> "storage";
            case TensorRef t -> "tensor";
            default -> v.getClass().getSimpleName();
        };
    }
}
