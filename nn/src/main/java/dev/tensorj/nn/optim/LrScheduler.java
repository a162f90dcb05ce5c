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

    /**
     * CosineAnnealingLR(T_max, eta_min), PyTorch's closed form: after t epochs
     * {@code lr = etaMin + (initial - etaMin) (1 + cos(pi t / tMax)) / 2}, from the initial lr down to
     * etaMin at t = tMax along half a cosine (SGDR without restarts, Loshchilov and Hutter 2017). Past
     * tMax the cosine climbs again, as in PyTorch, so tMax is normally the number of epochs.
     */
    static LrScheduler cosineAnnealing(Optimizer optimizer, int tMax, double etaMin) {
        if (tMax <= 0) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
        if (!(etaMin >= 0)) throw new IllegalArgumentException("CosineAnnealingLR: eta_min must be >= 0, got " + etaMin);
        double initial = optimizer.lr();
        int[] epoch = {0};
        return metric -> {
            epoch[0]++;
            optimizer.setLr(etaMin + (initial - etaMin) * (1 + Math.cos(Math.PI * epoch[0] / tMax)) / 2);
        };
    }
}
