package dev.tensorj.selection;

import dev.tensorj.datasets.DataLocator;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.tensor.Tensor;

/**
 * Images {@code [from, to)} of MNIST's 60,000 training (or 10,000 test) images, from the IDX files the
 * executor finds ({@code $TENSORJ_DATA}, {@code ~/.tensorj/datasets}, ...), scaled to [0, 1]. Only
 * this description travels to the executors; each reads the files itself.
 */
public record MnistSource(boolean train, int from, int to) implements DataSource {
    public MnistSource {
        if (from < 0 || to <= from) throw new IllegalArgumentException("MnistSource: bad range [" + from + ", " + to + ")");
    }

    @Override
    public String key() {
        return "mnist:" + (train ? "train" : "test") + ":" + from + "-" + to;
    }

    @Override
    public TensorDataset load() {
        TensorDataset data = train ? Mnist.train(DataLocator.standard()) : Mnist.test(DataLocator.standard());
        if (to > data.size()) throw new IllegalArgumentException("MnistSource: range [" + from + ", " + to + ") beyond the " + data.size() + " images");
        Tensor inputs = data.inputs().narrow(0, from, to - from), targets = data.targets().narrow(0, from, to - from);
        return new TensorDataset(inputs.mul(1.0 / 255).contiguous(), targets.contiguous(), data.classNames());
    }
}
