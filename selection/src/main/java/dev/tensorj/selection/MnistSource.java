package dev.tensorj.selection;

import dev.tensorj.datasets.DataLocator;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Tensor;

/**
 * MNIST's 60,000 training (or 10,000 test) images from the IDX files the executor finds
 * ({@code $TENSORJ_DATA}, {@code ~/.tensorj/datasets}, ...), scaled to [0, 1]; {@code limit > 0}
 * keeps the first images only.
 */
public record MnistSource(boolean train, int limit) implements DataSource {
    @Override
    public String key() {
        return "mnist:" + (train ? "train" : "test") + ":" + limit;
    }

    @Override
    public TensorDataset load() {
        TensorDataset data = train ? Mnist.train(DataLocator.standard()) : Mnist.test(DataLocator.standard());
        Tensor inputs = data.inputs(), targets = data.targets();
        if (limit > 0 && limit < data.size()) {
            inputs = inputs.narrow(0, 0, limit);
            targets = targets.narrow(0, 0, limit);
        }
        return new TensorDataset(inputs.mul(1.0 / 255).contiguous(), targets.contiguous(), data.classNames());
    }
}
