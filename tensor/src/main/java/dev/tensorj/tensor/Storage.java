package dev.tensorj.tensor;

/**
 * A flat buffer of elements that one or more tensors view. Only backends read and write it: code
 * above the tensor module does all math through {@link Tensor} operations.
 *
 * <p>The version counter counts in-place modifications; autograd compares it to detect a tensor that
 * was saved for backward and modified afterwards. Views share the storage, so they share the counter.
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    private int version;

    /** For subclasses: a storage of {@code size} elements of {@code dtype}. */
    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    /** The element type of every element. */
    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int size() {
        return size;
    }

    /** The device the memory is on (the backend that allocated it). */
    public abstract Device device();

    /** The count of in-place modifications so far, starting at 0. */
    public final int version() {
        return version;
    }

    /** Called by every in-place operation on a tensor that views this storage. */
    public final void bumpVersion() {
        version++;
    }
}
