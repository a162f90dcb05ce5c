package dev.tensorj.nn.train;

import dev.tensorj.nn.optim.LrScheduler;

import java.util.Map;

/** Steps an {@link LrScheduler} after each epoch with a monitored metric (Keras' ReduceLROnPlateau callback). */
public final class LrSchedulerCallback implements Callback {
    private final LrScheduler scheduler;
    private final String monitor;

    /** Steps {@code scheduler} with the value of {@code monitor} (e.g. {@code "val_loss"}) after every epoch. */
    public LrSchedulerCallback(LrScheduler scheduler, String monitor) {
        this.scheduler = scheduler;
        this.monitor = monitor;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) throw new IllegalArgumentException("LrSchedulerCallback: metric '" + monitor + "' is not logged; available: " + logs.keySet());
        scheduler.step(value);
        return false;
    }
}
