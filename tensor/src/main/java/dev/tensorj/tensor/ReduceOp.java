package dev.tensorj.tensor;

/** Reductions over a set of axes. */
public enum ReduceOp {
    /** The sum; 0 over an empty axis. */
    SUM,
    /** The arithmetic mean (floating dtypes only). */
    MEAN,
    /** The largest element (an empty axis is an error). */
    MAX,
    /** The smallest element (an empty axis is an error). */
    MIN,
    /** The product; 1 over an empty axis. */
    PROD,
    /**
     * The population variance (mean of squared deviations, divisor n). {@link Tensor#var} rescales it
     * by n / (n - correction) for the unbiased estimate.
     */
    VAR
}
