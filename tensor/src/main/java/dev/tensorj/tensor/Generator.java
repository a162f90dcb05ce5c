package dev.tensorj.tensor;

/**
 * A seedable pseudo-random generator (SplitMix64, Steele, Lea &amp; Flood 2014). The same seed gives
 * the same sequence on every machine and JVM, so CPU runs are bit-identical run to run. Normal
 * variates come from the Box-Muller transform.
 */
public final class Generator {
    /** PyTorch's default seed, so that a fresh program is reproducible without a call to seed. */
    public static final long DEFAULT_SEED = 67280421310721L;

    private static final Generator GLOBAL = new Generator(DEFAULT_SEED);

    private long state;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    /** A generator started at {@code seed}; two generators of one seed give the same sequence. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The generator used when none is passed. */
    public static Generator global() {
        return GLOBAL;
    }

    /** Re-seeds the global generator (like {@code torch.manual_seed}). */
    public static void seedGlobal(long seed) {
        GLOBAL.manualSeed(seed);
    }

    /** Restarts the sequence at {@code seed} (like {@code torch.Generator.manual_seed}). Returns this. */
    public synchronized Generator manualSeed(long seed) {
        this.state = seed;
        this.hasSpareGaussian = false;
        return this;
    }

    /** The state, for checkpoints: restore it with {@link #setState(long[])}. */
    public synchronized long[] getState() {
        return new long[] {state, hasSpareGaussian ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** Restores a state saved by {@link #getState()}, so the sequence continues from there. */
    public synchronized void setState(long[] saved) {
        if (saved.length != 3) throw new IllegalArgumentException("Generator.setState: expected 3 longs, got " + saved.length);
        state = saved[0];
        hasSpareGaussian = saved[1] != 0;
        spareGaussian = Double.longBitsToDouble(saved[2]);
    }

    /** The next 64 random bits (one SplitMix64 step); every other draw is built from these. */
    public synchronized long nextLong() {
        return mix(state += GAMMA);
    }

    /** SplitMix64's increment: the state moves by it at every draw. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** SplitMix64's output function: the 64 random bits of a state. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Takes the next {@code count} draws of {@link #nextLong()} out of the sequence at once and returns a
     * start from which {@link #drawAt(long, long)} gives each of them: SplitMix64's state only moves by a
     * constant, so draw i is known without the i before it, and a kernel can fill any part of a tensor on
     * any thread with the very numbers {@code count} calls would have given, in the same order.
     */
    public synchronized long reserve(long count) {
        long start = state;
        state += count * GAMMA;
        return start;
    }

    /** Draw {@code i} (0-based) of a stretch taken with {@link #reserve(long)}: the same 64 bits as that call of {@link #nextLong()}. */
    public static long drawAt(long start, long i) {
        return mix(start + (i + 1) * GAMMA);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("Generator.nextLong: bound must be positive, got " + bound);
        // rejection sampling keeps the distribution exactly uniform
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
        long r;
        do {
            r = nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /** Standard normal: Box-Muller, z0 = sqrt(-2 ln u1) cos(2 pi u2), z1 = ... sin(...). */
    public synchronized double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 == 0.0);
        double u2 = nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = radius * Math.sin(2 * Math.PI * u2);
        hasSpareGaussian = true;
        return radius * Math.cos(2 * Math.PI * u2);
    }
}
