package dev.tensorj.nn.train;

import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.tensor.Tensor;

import java.util.function.ToDoubleFunction;

/**
 * Macro-averaged precision, recall and F1 of scores [N, C] against INT64 labels [N] as per-batch
 * {@link Metric}s for the {@link Trainer}, named {@code precision}, {@code recall} and {@code f1}.
 * Like every {@code Metric}, they are averaged over an epoch's batches weighted by batch size, which
 * is exact with one batch per epoch (full batch, or an evaluation loader whose batch holds the whole
 * split) and an approximation otherwise (the F1 of a sum is not the sum of F1s). For exact per-epoch
 * scores over many batches use {@link EpochClassificationMetrics}, which records the same names; use
 * one or the other in a run.
 */
public final class MacroMetrics {
    private MacroMetrics() {
    }

    /** Macro precision over {@code numClasses} classes. */
    public static Metric precision(int numClasses) {
        return of("precision", numClasses, ConfusionMatrix::macroPrecision);
    }

    /** Macro recall over {@code numClasses} classes. */
    public static Metric recall(int numClasses) {
        return of("recall", numClasses, ConfusionMatrix::macroRecall);
    }

    /** Macro F1 (the mean of the per-class F1 scores) over {@code numClasses} classes. */
    public static Metric f1(int numClasses) {
        return of("f1", numClasses, ConfusionMatrix::macroF1);
    }

    private static Metric of(String name, int numClasses, ToDoubleFunction<ConfusionMatrix> score) {
        if (numClasses < 2) throw new IllegalArgumentException("MacroMetrics." + name + ": needs at least 2 classes, got " + numClasses);
        return Metric.of(name, (Tensor scores, Tensor labels) -> {
            if (scores.rank() != 2 || scores.size(1) != numClasses || labels.rank() != 1 || labels.size(0) != scores.size(0)) {
                throw new IllegalArgumentException("MacroMetrics." + name + ": expects scores [N, " + numClasses + "] and INT64 labels [N], got "
                        + scores.shape() + " and " + labels.shape());
            }
            return score.applyAsDouble(ConfusionMatrix.of(labels, scores.argmax(1), numClasses));
        });
    }
}
