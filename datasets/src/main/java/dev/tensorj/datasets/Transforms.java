package dev.tensorj.datasets;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import java.util.Arrays;

/** The common {@link Transform}s: scaling, normalisation, flattening, one-hot encoding, dtype casts. */
public final class Transforms {
    private Transforms() {
    }

    /** {@code x · factor}, e.g. {@code scale(1 / 255.0)} maps raw pixel values 0..255 to [0, 1]. */
    public static Transform scale(double factor) {
        return batch -> batch.mul(factor);
    }

    /** Raw 8-bit pixel values 0..255 to [0, 1]: {@code scale(1 / 255)}. */
    public static Transform toUnitRange() {
        return scale(1.0 / 255.0);
    }

    /** {@code (x − mean) / std} on every value. */
    public static Transform normalize(double mean, double std) {
        if (!(std > 0)) throw new IllegalArgumentException("normalize: std must be positive, got " + std);
        return batch -> batch.sub(mean).div(std);
    }

    /**
     * Per-channel {@code (x − mean[c]) / std[c]} on a batch {@code [N, C, ...]}, like torchvision's
     * {@code Normalize}: the statistics broadcast as {@code [1, C, 1, ...]}.
     */
    public static Transform normalize(double[] mean, double[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalize: mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std)
                    + " must have one entry per channel");
        }
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("normalize: std must be positive, got " + Arrays.toString(std));
        float[] means = new float[mean.length], stds = new float[std.length];
        for (int c = 0; c < mean.length; c++) {
            means[c] = (float) mean[c];
            stds[c] = (float) std[c];
        }
        return batch -> {
            if (batch.rank() < 2 || batch.size(1) != means.length) {
                throw new IllegalArgumentException("normalize: expects a batch [N, " + means.length + ", ...], got " + batch.shape());
            }
            int[] statsShape = new int[batch.rank()];
            Arrays.fill(statsShape, 1);
            statsShape[1] = means.length;
            return batch.sub(Tensor.fromArray(means.clone(), statsShape)).div(Tensor.fromArray(stds.clone(), statsShape));
        };
    }

    /** {@code [N, d1, d2, ...]} to {@code [N, d1·d2·...]}, e.g. images for a fully connected network. */
    public static Transform flatten() {
        return batch -> batch.rank() <= 2 ? batch : batch.flatten(1, batch.rank() - 1);
    }

    /** INT64 class labels {@code [N]} to FLOAT32 one-hot rows {@code [N, numClasses]}. */
    public static Transform oneHot(int numClasses) {
        return batch -> batch.oneHot(numClasses);
    }

    /** A cast to {@code dtype}, e.g. INT64 targets to FLOAT32 for a regression loss. */
    public static Transform to(DType dtype) {
        return batch -> batch.to(dtype);
    }
}
