package dev.tensorj.cpu;

/**
 * One strided FLOAT32 matrix as the GEMM kernels read it: element (i, j) sits at
 * {@code data[offset + i * rowStride + j * columnStride]}. A transposed view only swaps the two
 * strides, so packing reads it in place and a transpose costs no copy.
 */
record GemmOperand(float[] data, int offset, int rowStride, int columnStride) {
}
