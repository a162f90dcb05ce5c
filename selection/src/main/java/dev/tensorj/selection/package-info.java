/**
 * Model selection: {@link dev.tensorj.selection.ParamGrid parameter grids} checked against an
 * {@link dev.tensorj.selection.Objective objective's} {@link dev.tensorj.selection.ParamSchema schema},
 * {@link dev.tensorj.selection.GridSearch grid or random search} with k-fold
 * {@link dev.tensorj.selection.CrossValidation cross-validation}, a {@link dev.tensorj.selection.ResultTable}
 * of one row per (configuration, fold), and {@link dev.tensorj.selection.Executor executors} that run the
 * trials in this JVM or, in {@code dev.tensorj.selection.spark}, as Apache Spark tasks.
 * docs/selection.md describes the design and the measurements.
 */
package dev.tensorj.selection;
