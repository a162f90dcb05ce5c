package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads each {@link DataSource} once per JVM, by its key: every trial an executor runs after the first
 * finds the tensors in memory. Concurrent trials asking for the same source wait for one load.
 */
public final class DataCache {
    private static final ConcurrentHashMap<String, TensorDataset> LOADED = new ConcurrentHashMap<>();

    private DataCache() {
    }

    /** The examples of {@code source}, loaded on first use. */
    public static TensorDataset get(DataSource source) {
        return LOADED.computeIfAbsent(source.key(), key -> source.load());
    }

    /** Forgets everything loaded (tests, or to free memory after a search). */
    public static void clear() {
        LOADED.clear();
    }
}
