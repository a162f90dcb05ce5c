package dev.tensorj.tensor;

/**
 * Elementwise functions of one tensor. Some take parameters: {@code alpha} (and {@code beta}) as
 * documented per constant. {@link #apply} is the readable definition every backend must match.
 */
public enum UnaryOp {
    /** -x. */
    NEG,
    /** |x|. */
    ABS,
    /** e^x. */
    EXP,
    /** The natural logarithm; -inf at 0, NaN below. */
    LOG,
    /** The square root; NaN below 0. */
    SQRT,
    /** 1 / sqrt(x). */
    RSQRT,
    /** sin(x), x in radians. */
    SIN,
    /** cos(x), x in radians. */
    COS,
    /** The hyperbolic tangent, in (-1, 1). */
    TANH,
    /** 1 / (1 + e^-x). */
    SIGMOID,
    /** max(x, 0). */
    RELU,
    /** x if x &gt; 0 else alpha * x. */
    LEAKY_RELU,
    /** x if x &gt; 0 else alpha * (e^x - 1). */
    ELU,
    /** min(max(x, alpha), beta). */
    CLAMP,
    /** -1, 0 or 1. */
    SIGN,
    /** x^alpha. */
    POW,
    /** 1 / x. */
    RECIPROCAL,
    /** x * x. */
    SQUARE;

    /** The op on one value: the definition the kernels of every backend are tested against. */
    public double apply(double x, double alpha, double beta) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
            case RELU -> x > 0 ? x : 0.0 * x; // 0 * x keeps NaN as NaN, like PyTorch
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case ELU -> x > 0 ? x : alpha * Math.expm1(x);
            case CLAMP -> Math.min(Math.max(x, alpha), beta);
            case SIGN -> Math.signum(x);
            case POW -> Math.pow(x, alpha);
            case RECIPROCAL -> 1.0 / x;
            case SQUARE -> x * x;
        };
    }

    /**
     * Whether {@link #backward} gives this op's input gradient in one pass (the activations): tanh and sigmoid from their
     * output, whose derivative is a function of it, relu and leaky relu from their input.
     */
    public boolean hasFusedBackward() {
        return this == TANH || this == SIGMOID || this == RELU || this == LEAKY_RELU;
    }

    /**
     * g times the derivative of the op, from {@code saved}: the output y for TANH (1 - y^2) and SIGMOID (y (1 - y)),
     * the input x for RELU (1 if x &gt; 0, else 0) and LEAKY_RELU (1 if x &gt; 0, else alpha). The definition the
     * backends' {@code unaryBackward} kernels are tested against.
     */
    public double backward(double saved, double g, double alpha) {
        return switch (this) {
            case TANH -> g * (1 - saved * saved);
            case SIGMOID -> g * (saved * (1 - saved));
            case RELU -> g * (saved > 0 ? 1 : 0); // g * 0, not 0: a NaN or infinite gradient stays NaN, as g * mask does
            case LEAKY_RELU -> saved > 0 ? g : g * alpha;
            default -> throw new IllegalArgumentException(this + " has no fused backward (see hasFusedBackward)");
        };
    }

    /** INT64 version where it is exact; other ops on INT64 go through {@link #apply}. */
    public boolean exactOnLongs() {
        return this == NEG || this == ABS || this == SIGN || this == SQUARE || this == RELU || this == CLAMP;
    }

    /** The op on one INT64 value, for the ops where {@link #exactOnLongs} is true; clamp rounds its bounds inward. */
    public long applyLong(long x, double alpha, double beta) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case SQUARE -> x * x;
            case RELU -> Math.max(x, 0);
            case CLAMP -> Math.min(Math.max(x, (long) Math.ceil(alpha)), (long) Math.floor(beta));
            default -> throw new IllegalStateException(this + " is not exact on INT64");
        };
    }
}
