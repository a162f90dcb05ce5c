package dev.tensorj.nn.train;

import dev.tensorj.nn.metrics.Metrics;
import dev.tensorj.tensor.Tensor;

/**
 * A per-batch metric averaged over an epoch (weighted by batch size), named as in Keras' history
 * ({@code accuracy}, {@code val_accuracy}, ...).
 */
public interface Metric {
    /** The key of the metric in the logs and the history; validation adds the {@code val_} prefix. */
    String name();

    /** The metric on one batch: model outputs (no gradient needed) and targets. */
    double compute(Tensor outputs, Tensor targets);

    /** Multi-class accuracy of scores [N, C] against INT64 labels [N]. */
    static Metric accuracy() {
        return of("accuracy", Metrics::accuracy);
    }

    /** Accuracy of probabilities [N] or [N, 1] thresholded at 0.5 against 0/1 targets. */
    static Metric binaryAccuracy() {
        return of("accuracy", (p, t) -> Metrics.binaryAccuracy(p, t, 0.5));
    }

    /** Binary accuracy for logits (threshold 0 on the logit = 0.5 on the probability). */
    static Metric binaryAccuracyFromLogits() {
        return of("accuracy", (x, t) -> Metrics.binaryAccuracy(x, t, 0.0));
    }

    /** Mean absolute error |prediction - target|, averaged over all elements ({@code mae} in Keras). */
    static Metric mae() {
        return of("mae", Metrics::mae);
    }

    /** A metric named {@code name} that applies {@code function} to (outputs, targets) of each batch. */
    static Metric of(String name, java.util.function.ToDoubleBiFunction<Tensor, Tensor> function) {
        return new Metric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double compute(Tensor outputs, Tensor targets) {
                return function.applyAsDouble(outputs, targets);
            }
        };
    }
}
