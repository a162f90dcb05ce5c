package dev.tensorj.cuda.vendor;

import java.lang.foreign.MemorySegment;

/**
 * cuDNN's descriptors for one convolution problem, made once per {@link ConvDescriptors} and reused every
 * step, and the algorithm the v7 heuristics choose for each pass (on the pass's first use, then kept). The
 * caller asks {@link #algo} for the workspace a pass needs, supplies it (from its caching allocator) and
 * device addresses. Passes: {@link #FORWARD} {@code y = x (*) w}, {@link #BACKWARD_DATA} {@code dx} from
 * {@code dy} and {@code w}, {@link #BACKWARD_FILTER} {@code dw} from {@code x} and {@code dy}; each overwrites
 * its output (beta 0), as our backend's passes do.
 */
public final class ConvPlan implements AutoCloseable {
    public static final int FORWARD = 0, BACKWARD_DATA = 1, BACKWARD_FILTER = 2;

    private final Cudnn cudnn;
    private final MemorySegment handle;
    private final ConvDescriptors problem;
    private final MemorySegment x, w, y, conv;
    private final long workspaceLimit;
    private final Cudnn.Algo[] algos = new Cudnn.Algo[3];

    ConvPlan(Cudnn cudnn, MemorySegment handle, ConvDescriptors problem, MemorySegment x, MemorySegment w, MemorySegment y,
             MemorySegment conv, long workspaceLimit) {
        this.cudnn = cudnn;
        this.handle = handle;
        this.problem = problem;
        this.x = x;
        this.w = w;
        this.y = y;
        this.conv = conv;
        this.workspaceLimit = workspaceLimit;
    }

    public ConvDescriptors problem() {
        return problem;
    }

    /** The algorithm (and workspace) for {@code pass}, chosen by cuDNN's heuristics on first use. */
    public synchronized Cudnn.Algo algo(int pass) {
        if (algos[pass] == null) algos[pass] = cudnn.choose(pass, handle, x, w, conv, y, workspaceLimit);
        return algos[pass];
    }

    /**
     * Runs {@code pass} on device addresses: for {@link #FORWARD} (x, w, y), {@link #BACKWARD_DATA} (w, dy, dx),
     * {@link #BACKWARD_FILTER} (x, dy, dw); {@code workspace} holds at least {@code algo(pass).workspaceBytes()}.
     */
    public void run(int pass, long in1, long in2, long out, long workspace) {
        Cudnn.Algo algo = algo(pass);
        switch (pass) {
            case FORWARD -> cudnn.run(pass, handle, 1f, x, in1, w, in2, conv, algo, workspace, 0f, y, out);
            case BACKWARD_DATA -> cudnn.run(pass, handle, 1f, w, in1, y, in2, conv, algo, workspace, 0f, x, out);
            case BACKWARD_FILTER -> cudnn.run(pass, handle, 1f, x, in1, y, in2, conv, algo, workspace, 0f, w, out);
            default -> throw new IllegalArgumentException("convolution pass " + pass);
        }
    }

    @Override
    public void close() {
        cudnn.destroy(x, w, y, conv);
    }
}
