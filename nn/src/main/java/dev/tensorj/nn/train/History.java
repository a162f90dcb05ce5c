package dev.tensorj.nn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch metrics of a training run, like Keras' {@code History}: {@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}, ... each a list indexed by epoch; and, apart,
 * the loss and metrics of every training step ({@link #steps}), which a {@link TrainingCheckpoint}
 * does not save (a resumed run's steps start with the resumed epochs).
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, List<Double>> steps = new LinkedHashMap<>();

    /** Appends one epoch's value of a metric. */
    public void record(String metric, double value) {
        values.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    /** Appends one epoch's value of every metric in the map. */
    public void recordAll(Map<String, Double> epochMetrics) {
        epochMetrics.forEach(this::record);
    }

    /** The values of a metric by epoch (empty when never recorded). */
    public List<Double> get(String metric) {
        return Collections.unmodifiableList(values.getOrDefault(metric, List.of()));
    }

    /** The last recorded value, or NaN. */
    public double last(String metric) {
        List<Double> v = values.get(metric);
        return v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }

    /** The number of epochs recorded (the longest metric's list). */
    public int epochs() {
        return values.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** All metrics, in the order first recorded. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** Appends one training step's value of a metric (the {@link Trainer} records each batch's loss and metrics). */
    public void recordStep(String metric, double value) {
        steps.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    /** The values of a metric by training step, over all epochs of this run (empty when never recorded). */
    public List<Double> steps(String metric) {
        return Collections.unmodifiableList(steps.getOrDefault(metric, List.of()));
    }

    /** All per-step series, in the order first recorded. */
    public Map<String, List<Double>> stepsAsMap() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        steps.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
