package dev.tensorj.nn.metrics;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

/** Batch metrics computed with tensor ops, on any backend. */
public final class Metrics {
    private Metrics() {
    }

    /** Share of rows whose largest score (logit or probability) is at the true class index. */
    public static double accuracy(Tensor scores, Tensor labels) {
        if (scores.rank() != 2 || labels.rank() != 1 || scores.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("accuracy: expects scores [N, C] and INT64 labels [N], got " + scores.shape() + " and " + labels.shape());
        }
        return scores.argmax(1).eq(labels).mean().item();
    }

    /** Share of predictions on the right side of the threshold: (p &gt; threshold) == (target &gt; 0.5). */
    public static double binaryAccuracy(Tensor probabilities, Tensor targets, double threshold) {
        Tensor p = probabilities.reshape(-1), t = targets.reshape(-1);
        if (p.numel() != t.numel()) {
            throw new IllegalArgumentException("binaryAccuracy: " + p.numel() + " predictions and " + t.numel() + " targets");
        }
        return p.gt(threshold).eq(t.to(DType.FLOAT32).gt(0.5)).mean().item();
    }

    /** Mean squared error. */
    public static double mse(Tensor predictions, Tensor targets) {
        return predictions.sub(targets).square().mean().item();
    }

    /** Mean absolute error. */
    public static double mae(Tensor predictions, Tensor targets) {
        return predictions.sub(targets).abs().mean().item();
    }
}
