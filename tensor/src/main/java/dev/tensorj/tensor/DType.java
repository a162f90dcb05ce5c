package dev.tensorj.tensor;

/** The element types a {@link Tensor} can hold. */
public enum DType {
    /** 32-bit IEEE float: the default, and the type the fast kernels specialise. */
    FLOAT32(4),
    /** 64-bit IEEE float: for the reference backend and float64 gradient checks. */
    FLOAT64(8),
    /** 64-bit signed integer: indices and class labels. */
    INT64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes one element takes. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the dtype holds fractions (FLOAT32, FLOAT64): gradients and means need one. */
    public boolean isFloatingPoint() {
        return this != INT64;
    }

    /**
     * The type two operands are computed in, as in NumPy/PyTorch: any float64 makes float64, else any
     * float32 makes float32, else int64.
     */
    public static DType promote(DType a, DType b) {
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        if (a == FLOAT32 || b == FLOAT32) return FLOAT32;
        return INT64;
    }
}
