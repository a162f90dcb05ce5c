package dev.tensorj.tensor;

/** Elementwise functions of two tensors (broadcast to one shape before the kernel runs). */
public enum BinaryOp {
    /** a + b. */
    ADD,
    /** a - b. */
    SUB,
    /** a * b. */
    MUL,
    /** a / b; on INT64 truncates toward zero like Java. */
    DIV,
    /** a^b. */
    POW,
    /** The larger of a and b (NaN if either is NaN). */
    MAXIMUM,
    /** The smaller of a and b (NaN if either is NaN). */
    MINIMUM,
    /** a == b; comparisons give 1 where true and 0 where false. */
    EQ,
    /** a != b. */
    NE,
    /** a &lt; b. */
    LT,
    /** a &lt;= b. */
    LE,
    /** a &gt; b. */
    GT,
    /** a &gt;= b. */
    GE;

    /** Whether the op is one of EQ..GE, whose result is a 1/0 mask rather than a value of the inputs' dtype. */
    public boolean isComparison() {
        return ordinal() >= EQ.ordinal();
    }

    /** The op on two values: the definition the kernels of every backend are tested against. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    /** The op on two INT64 values; division truncates toward zero and throws on a zero divisor, POW truncates. */
    public long applyLong(long a, long b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> {
                if (b == 0) throw new ArithmeticException("div: integer division by zero");
                yield a / b;
            }
            case POW -> (long) Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }
}
