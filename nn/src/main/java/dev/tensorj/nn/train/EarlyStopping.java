package dev.tensorj.nn.train;

import dev.tensorj.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stops training when the monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs (Keras' semantics); with {@code restoreBestWeights} the model gets back the
 * weights of its best epoch when training ends.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final boolean minimise;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private double best;
    private int wait;
    private int bestEpoch = -1;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /**
     * Mode is inferred from the name as in Keras: metrics with "acc" are maximised, others minimised. The fluent form
     * reads better: {@code EarlyStopping.monitoring("val_loss").patience(3).restoringBestWeights()}.
     */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        if (monitor == null || monitor.isBlank()) throw new IllegalArgumentException("EarlyStopping: monitor must name a logged metric, got '" + monitor + "'");
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        if (!Double.isFinite(minDelta)) throw new IllegalArgumentException("EarlyStopping: minDelta must be finite, got " + minDelta);
        this.monitor = monitor;
        this.minimise = !monitor.contains("acc");
        this.patience = patience;
        this.minDelta = Math.abs(minDelta);
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Keras' defaults on {@code monitor}: patience 0, minDelta 0, the last weights kept. */
    public static EarlyStopping monitoring(String monitor) {
        return new EarlyStopping(monitor, 0, 0, false);
    }

    /** This, stopping after {@code epochs} epochs without improvement. */
    public EarlyStopping patience(int epochs) {
        return new EarlyStopping(monitor, epochs, minDelta, restoreBestWeights);
    }

    /** This, counting only improvements larger than {@code delta}. */
    public EarlyStopping minDelta(double delta) {
        return new EarlyStopping(monitor, patience, delta, restoreBestWeights);
    }

    /** This, giving the model back the weights of its best epoch when training ends (Keras' restore_best_weights). */
    public EarlyStopping restoringBestWeights() {
        return new EarlyStopping(monitor, patience, minDelta, true);
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        best = minimise ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        bestEpoch = -1;
        stoppedEpoch = -1;
        bestWeights = null;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("EarlyStopping: metric '" + monitor + "' is not logged; available: " + logs.keySet());
        }
        boolean improved = minimise ? value < best - minDelta : value > best + minDelta;
        if (improved) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = snapshot(trainer);
            return false;
        }
        if (++wait >= patience) {
            stoppedEpoch = epoch;
            return true;
        }
        return false;
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (restoreBestWeights && bestWeights != null) trainer.model().loadStateDict(bestWeights, true);
    }

    private static Map<String, Tensor> snapshot(Trainer trainer) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((k, v) -> copy.put(k, v.copy()));
        return copy;
    }

    /** The epoch (0-based) with the best monitored value, or -1 before any. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch (0-based) training stopped at, or -1 when it ran to the end. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
