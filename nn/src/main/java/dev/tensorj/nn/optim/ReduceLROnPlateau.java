package dev.tensorj.nn.optim;

/**
 * Multiplies the learning rate by {@code factor} when the monitored metric has not improved (by more
 * than {@code minDelta}) for {@code patience} epochs, never going below {@code minLr}; then waits
 * {@code cooldown} epochs before counting again. Mode "min" for losses, "max" for accuracies.
 * Keras' semantics (the course's): the lr drops after {@code patience} epochs without improvement;
 * PyTorch's scheduler waits one epoch longer (it reduces when the bad epochs exceed patience).
 */
public final class ReduceLROnPlateau implements LrScheduler {
    /** Which way the monitored metric improves. */
    public enum Mode {
        /** Lower is better (a loss). */
        MIN,
        /** Higher is better (an accuracy). */
        MAX
    }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    /**
     * A schedule for {@code optimizer} with Keras' arguments ({@code min_delta}, {@code cooldown}, {@code min_lr});
     * {@code factor} must be in (0, 1).
     */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double minDelta, int cooldown, double minLr) {
        if (factor >= 1 || factor <= 0) throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Keras' defaults: mode min, factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10, 1e-4, 0, 0);
    }

    @Override
    public void step(double metric) {
        boolean inCooldown = cooldownLeft > 0;
        if (inCooldown) {
            cooldownLeft--;
            badEpochs = 0;
        }
        boolean improved = mode == Mode.MIN ? metric < best - minDelta : metric > best + minDelta;
        if (improved) {
            best = metric;
            badEpochs = 0;
        } else if (!inCooldown && ++badEpochs >= patience) {
            double oldLr = optimizer.lr();
            if (oldLr > minLr) optimizer.setLr(Math.max(oldLr * factor, minLr));
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    /** The best metric seen so far (+infinity in mode MIN, -infinity in MAX, before the first step). */
    public double best() {
        return best;
    }
}
