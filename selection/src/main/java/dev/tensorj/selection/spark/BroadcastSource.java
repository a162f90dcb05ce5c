package dev.tensorj.selection.spark;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.selection.ArrayData;
import dev.tensorj.selection.DataSource;
import org.apache.spark.broadcast.Broadcast;

/** A data source read from a Spark broadcast: fetched once per executor, turned into tensors once per JVM. */
record BroadcastSource(Broadcast<ArrayData> broadcast) implements DataSource {
    @Override
    public String key() {
        return "broadcast:" + broadcast.id() + ":" + broadcast.value().key();
    }

    @Override
    public TensorDataset load() {
        return broadcast.value().toDataset();
    }
}
