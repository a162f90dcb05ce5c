package dev.tensorj.nn.train;

import dev.tensorj.nn.io.SafeTensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model's state dict as safetensors after each epoch (Keras' ModelCheckpoint): every epoch,
 * or with {@code saveBestOnly} only when the monitored metric improved. {@code {epoch}} in the file
 * name is replaced by the epoch number (1-based). Each save is atomic (see {@link SafeTensors}); the
 * epoch and the monitored value are stored in the file's metadata.
 */
public final class ModelCheckpoint implements Callback {
    private final String pathPattern;
    private final String monitor;
    private final boolean saveBestOnly;
    private final boolean minimise;
    private double best;

    /**
     * Saves to {@code pathPattern} ({@code {epoch}} replaced); {@code monitor} is maximised when its name contains "acc", else minimised
     * (Keras' rule).
     */
    public ModelCheckpoint(String pathPattern, String monitor, boolean saveBestOnly) {
        if (pathPattern == null || pathPattern.isBlank()) throw new IllegalArgumentException("ModelCheckpoint: the file name pattern is empty");
        if (monitor == null || monitor.isBlank()) throw new IllegalArgumentException("ModelCheckpoint: monitor must name a logged metric, got '" + monitor + "'");
        this.pathPattern = pathPattern;
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
        this.minimise = !monitor.contains("acc");
    }

    /** Saves after every epoch to {@code pathPattern}, monitoring {@code val_loss} (Keras' default). */
    public static ModelCheckpoint to(String pathPattern) {
        return new ModelCheckpoint(pathPattern, "val_loss", false);
    }

    /** This, monitoring {@code metric} instead. */
    public ModelCheckpoint monitoring(String metric) {
        return new ModelCheckpoint(pathPattern, metric, saveBestOnly);
    }

    /** This, saving only when the monitored metric improved (Keras' save_best_only). */
    public ModelCheckpoint bestOnly() {
        return new ModelCheckpoint(pathPattern, monitor, true);
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        best = minimise ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) throw new IllegalArgumentException("ModelCheckpoint: metric '" + monitor + "' is not logged; available: " + logs.keySet());
        boolean improved = minimise ? value < best : value > best;
        if (improved) best = value;
        if (saveBestOnly && !improved) return false;
        Path file = Path.of(pathPattern.replace("{epoch}", Integer.toString(epoch + 1)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("model", trainer.model().name()); // a mismatch on loading names it (SafeTensors.loadInto)
        metadata.put("epoch", Integer.toString(epoch + 1));
        metadata.put(monitor, String.format(Locale.ROOT, "%.8g", value));
        try {
            SafeTensors.save(trainer.model().stateDict(), metadata, file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save " + file, e);
        }
        return false;
    }
}
