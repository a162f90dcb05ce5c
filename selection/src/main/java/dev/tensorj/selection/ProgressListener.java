package dev.tensorj.selection;

/** Told by an {@link Executor} as trials start, finish and fail (calls may come from several threads). */
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** The search begins with {@code total} trials. */
    default void begin(int total) {
    }

    /** A trial (attempt) started. */
    default void started() {
    }

    /** A trial finished with a result. */
    default void succeeded() {
    }

    /** A trial attempt threw; {@code willRetry} when the executor tries it again. */
    default void failed(String reason, boolean willRetry) {
    }

    /** All trials are done. */
    default void end() {
    }
}
