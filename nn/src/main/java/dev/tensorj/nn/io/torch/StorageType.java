package dev.tensorj.nn.io.torch;

import dev.tensorj.tensor.DType;

/**
 * The storage classes a weights-only checkpoint may name ({@code torch.FloatStorage} and friends, also
 * as {@code torch.cuda.*Storage} in files saved from a GPU, which load onto the CPU here), with the
 * element size in the file and the tensorj dtype a tensor of that storage becomes: floating point
 * types of 16 bits are widened to FLOAT32, integer and boolean types to INT64.
 */
enum StorageType {
    FLOAT("FloatStorage", 4, DType.FLOAT32),
    DOUBLE("DoubleStorage", 8, DType.FLOAT64),
    HALF("HalfStorage", 2, DType.FLOAT32),
    BFLOAT16("BFloat16Storage", 2, DType.FLOAT32),
    LONG("LongStorage", 8, DType.INT64),
    INT("IntStorage", 4, DType.INT64),
    SHORT("ShortStorage", 2, DType.INT64),
    CHAR("CharStorage", 1, DType.INT64),
    BYTE("ByteStorage", 1, DType.INT64),
    BOOL("BoolStorage", 1, DType.INT64);

    final String className;
    final int elementSize;
    final DType dtype;

    StorageType(String className, int elementSize, DType dtype) {
        this.className = className;
        this.elementSize = elementSize;
        this.dtype = dtype;
    }

    /** The storage class called {@code name} (e.g. "FloatStorage"), or null. */
    static StorageType ofClassName(String name) {
        for (StorageType t : values()) if (t.className.equals(name)) return t;
        return null;
    }

    /** The storage behind a legacy tensor class such as {@code torch.FloatTensor}, or null. */
    static StorageType ofTensorClassName(String name) {
        return name.endsWith("Tensor") ? ofClassName(name.substring(0, name.length() - "Tensor".length()) + "Storage") : null;
    }

    @Override
    public String toString() {
        return "torch." + className;
    }
}
