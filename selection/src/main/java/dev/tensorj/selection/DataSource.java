package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;

import java.io.Serializable;

/**
 * Where a trial's data comes from: a small serializable description (e.g. a folder every executor can
 * read) that {@link #load()}s the examples. {@link DataCache} loads each source once per JVM.
 */
public interface DataSource extends Serializable {
    /** A name that identifies the data: two sources with the same key load the same examples. */
    String key();

    /** Reads the examples: inputs {@code [N, ...]} FLOAT32, targets INT64 class labels {@code [N]}. */
    TensorDataset load();
}
