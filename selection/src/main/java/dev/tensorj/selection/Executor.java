package dev.tensorj.selection;

import java.util.List;

/**
 * Runs the trials of a search: {@link InProcessExecutor} one after another in this JVM, or
 * {@code dev.tensorj.selection.spark.SparkExecutor} as one Spark task per trial. Implementations
 * return exactly one result per trial, in any order, retrying trials that throw up to their limit.
 */
public interface Executor extends AutoCloseable {
    /** A short description for reports, e.g. {@code in-process} or {@code spark local[2]}. */
    String name();

    /** Runs every trial and returns one result each. */
    List<TrialResult> run(List<Trial> trials, TrialRunner runner, ProgressListener progress);

    @Override
    default void close() {
    }
}
