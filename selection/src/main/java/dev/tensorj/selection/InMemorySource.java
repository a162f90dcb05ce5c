package dev.tensorj.selection;

import dev.tensorj.datasets.TensorDataset;

/**
 * A data source that carries its examples with it (serialized into every task that uses it): for
 * small data and tests. {@link DataCache} still builds the tensors once per JVM.
 */
public record InMemorySource(ArrayData data) implements DataSource {
    public static InMemorySource of(String key, TensorDataset dataset) {
        return new InMemorySource(ArrayData.of(key, dataset));
    }

    @Override
    public String key() {
        return "memory:" + data.key();
    }

    @Override
    public TensorDataset load() {
        return data.toDataset();
    }
}
