package dev.tensorj.cuda;

import java.util.Locale;

/**
 * Every kernel of {@code src/main/cuda}: the module (the .cu file it is in) and its parameter count. The
 * tests check this table against the {@code .entry} lines of the PTX nvcc built, so a kernel renamed or
 * given another signature in C++ fails the build instead of failing a launch on a GPU.
 * The kernel's name is the constant's name in lower case.
 */
public enum Kernel {
    FILL_F32("elementwise", 4), FILL_F64("elementwise", 4), FILL_I64("elementwise", 4),
    COPY_F32_F32("elementwise", 5), COPY_F32_F64("elementwise", 5), COPY_F32_I64("elementwise", 5),
    COPY_F64_F32("elementwise", 5), COPY_F64_F64("elementwise", 5), COPY_F64_I64("elementwise", 5),
    COPY_I64_F32("elementwise", 5), COPY_I64_F64("elementwise", 5), COPY_I64_I64("elementwise", 5),
    UNARY_F32("elementwise", 8),
    UNARY_BACKWARD_F32("elementwise", 9),
    BINARY_F32("elementwise", 8),
    BINARY_I64("elementwise", 8),
    COMPARE_I64_F32("elementwise", 8),
    WHERE_F32("elementwise", 9),
    REDUCE_F32("reduce", 7),
    ARG_REDUCE_F32("reduce", 7),
    SOFTMAX_F32("softmax", 7),
    SGEMM_F32("gemm", 19),
    IM2COL_F32("conv", 9),
    COL2IM_F32("conv", 8),
    MAXPOOL2D_F32("conv", 8),
    GATHER_F32("indexing_ops", 8),
    SCATTER_ADD_F32("indexing_ops", 8),
    INDEX_SELECT_F32("indexing_ops", 8),
    BATCHNORM_FORWARD_F32("batchnorm", 13),
    BATCHNORM_BACKWARD_F32("batchnorm", 16),
    LSTM_CELL_FORWARD_F32("lstm", 12),
    LSTM_CELL_BACKWARD_F32("lstm", 16),
    ADAM_F32("optim", 16),
    RMSPROP_F32("optim", 11),
    SGD_MOMENTUM_F32("optim", 11),
    BERNOULLI_PHILOX_F32("random", 5);

    /** Where the compiled modules are on the class path: {@code <module>.fatbin}, {@code <module>.ptx}, {@code modules.txt}. */
    public static final String RESOURCE_DIR = "/dev/tensorj/cuda/kernels/";

    private final String module;
    private final int parameters;

    Kernel(String module, int parameters) {
        this.module = module;
        this.parameters = parameters;
    }

    /** The {@code extern "C"} name in the .cu file. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The .cu file (without extension) that defines it. */
    public String module() {
        return module;
    }

    public int parameters() {
        return parameters;
    }
}
