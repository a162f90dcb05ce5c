package dev.tensorj.cpu;

/**
 * What the two convolution kernels ({@link CpuConvolution}, {@link WinogradConvolution}) share: the
 * per-thread scratch arrays they keep between calls (one set, so a thread holds one set of large buffers
 * whichever kernel a layer takes), and the two ways they spread a batch over the threads.
 */
final class ConvWorkspace {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private ConvWorkspace() {
    }

    /**
     * A per-thread scratch array of at least {@code size} floats (slot 0 to 3). A kernel owns the slots
     * while it runs: the two kernels never run inside one another (the GEMM keeps its own buffers).
     */
    static float[] scratch(int slot, int size) {
        float[][] buffers = SCRATCH.get();
        if (buffers[slot].length < size) buffers[slot] = new float[size];
        return buffers[slot];
    }

    /** Runs body for every image: in parallel over images when there are at least as many as threads. */
    static void forImages(int n, Parallel.RangeBody body) {
        if (n >= Parallel.threads()) Parallel.forRange(n, 1, body);
        else body.run(0, n);
    }

    /** Adds the contribution of images [first, last) to {@code sum}. */
    @FunctionalInterface
    interface PartialSum {
        void add(int first, int last, float[] sum);
    }

    /**
     * The sum over a batch of n images of a per-image contribution of {@code size} floats (a weight
     * gradient): one partial sum per thread over its share of the images, then the partial sums added
     * in order, so the result does not depend on which thread finished first.
     */
    static float[] sumOverImages(int n, int size, PartialSum body) {
        int parts = Math.max(1, Math.min(Parallel.threads(), n));
        float[][] partials = new float[parts][size];
        Parallel.forEach(parts, part -> body.add((int) ((long) n * part / parts), (int) ((long) n * (part + 1) / parts), partials[part]));
        for (int i = 1; i < parts; i++) {
            for (int j = 0; j < size; j++) partials[0][j] += partials[i][j];
        }
        return partials[0];
    }
}
