package dev.tensorj.selection;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one training run reported.
 *
 * @param diverged      whether the loss became NaN or infinite (the run stopped there; the final metrics are NaN)
 * @param curves        per-epoch values by name ({@code loss}, {@code val_loss}, {@code val_accuracy}, {@code val_f1}), one entry per epoch run
 * @param valLoss       validation loss after the last epoch
 * @param valF1         validation macro-F1 after the last epoch
 * @param valAccuracy   validation accuracy after the last epoch
 * @param confusion     validation confusion counts after the last epoch, rows = true classes (empty when diverged)
 */
public record TrialOutcome(boolean diverged, Map<String, List<Double>> curves, double valLoss, double valF1, double valAccuracy, long[][] confusion)
        implements Serializable {
    public TrialOutcome {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        curves.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        curves = java.util.Collections.unmodifiableMap(copy);
    }

    /** The number of epochs run. */
    public int epochs() {
        return curves.values().stream().mapToInt(List::size).max().orElse(0);
    }
}
