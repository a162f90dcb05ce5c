package dev.tensorj.datasets;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import java.util.List;

/**
 * Images [N, C, H, W] (FLOAT32, raw pixel values 0..255 unless transformed) with INT64 labels [N] and
 * the class names.
 */
public record ImageDataset(Tensor images, Tensor labels, List<String> classNames) {
    public ImageDataset {
        if (images.rank() != 4) throw new IllegalArgumentException("ImageDataset: images must be [N, C, H, W], got " + images.shape());
        if (labels.dtype() != DType.INT64 || labels.rank() != 1 || labels.size(0) != images.size(0)) {
            throw new IllegalArgumentException("ImageDataset: labels must be INT64 [" + images.size(0) + "], got " + labels.dtype() + " " + labels.shape());
        }
    }

    public int size() {
        return images.size(0);
    }

    /** Pixels divided by 255: values in [0, 1] (Keras' {@code x / 255.0}). */
    public ImageDataset scaled() {
        return new ImageDataset(images.div(255.0), labels, classNames);
    }

    /** The first n samples. */
    public ImageDataset first(int n) {
        return new ImageDataset(images.narrow(0, 0, n), labels.narrow(0, 0, n), classNames);
    }

    /** As a TensorDataset (images, labels) for a DataLoader. */
    public TensorDataset asTensorDataset() {
        return new TensorDataset(images, labels);
    }
}
