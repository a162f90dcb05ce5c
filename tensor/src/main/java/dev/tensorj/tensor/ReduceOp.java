package dev.tensorj.tensor;

/** Reductions over a set of axes. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, PROD,
    /**
     * The population variance (mean of squared deviations, divisor n). {@link Tensor#var} rescales it
     * by n / (n - correction) for the unbiased estimate.
     */
    VAR
}
