package dev.tensorj.nn.optim;

/**
 * Changes an optimiser's learning rate over training. Epoch-based schedulers are stepped once per
 * epoch with {@link #step(double)} (the metric is ignored by all but {@link ReduceLROnPlateau}).
 */
public interface LrScheduler {
    /** Called at the end of each epoch with the monitored metric (e.g. val_loss). */
    void step(double metric);

    /** Epoch-based: StepLR(step, gamma) multiplies the lr by gamma every {@code stepSize} epochs. */
    static LrScheduler stepLR(Optimizer optimizer, int stepSize, double gamma) {
        if (stepSize <= 0) throw new IllegalArgumentException("StepLR: step size must be positive, got " + stepSize);
        double initial = optimizer.lr();
        int[] epoch = {0};
        return metric -> {
            epoch[0]++;
            optimizer.setLr(initial * Math.pow(gamma, epoch[0] / stepSize));
        };
    }

    /** ExponentialLR: lr = initial * gamma^epoch. */
    static LrScheduler exponentialLR(Optimizer optimizer, double gamma) {
        double initial = optimizer.lr();
        int[] epoch = {0};
        return metric -> {
            epoch[0]++;
            optimizer.setLr(initial * Math.pow(gamma, epoch[0]));
        };
    }
}
