package dev.tensorj.tensor;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The debug ladder's first rung: a {@link Backend} that passes every kernel call on to the backend it
 * wraps and prints one line per call — the kernel, the backend, the route the backend took, the shapes
 * and the time:
 * <pre>
 *   [kernels] conv2d         cpu   winograd F(2x2,3x3)       [64, 1, 28, 28] [112, 1, 3, 3] -> [64, 112, 28, 28]   1.214 ms
 * </pre>
 * Turn it on for a whole run with {@code -Dtensorj.trace=kernels} (CPU and CUDA alike), or for a piece of
 * code with {@code Backends.useCpu(KernelTrace.wrap(Backends.cpu(), System.err))}. A fast backend names its
 * route with {@link #route} from the calling thread; a backend that names none shows {@code -}.
 */
public final class KernelTrace implements Backend {
    private static final ThreadLocal<String> ROUTE = new ThreadLocal<>();
    /** Whether any trace is active; routes are only recorded then, so the hot path pays one volatile read. */
    private static volatile boolean active;

    private final Backend inner;
    private final PrintStream out;

    private KernelTrace(Backend inner, PrintStream out) {
        this.inner = inner;
        this.out = out;
    }

    /** {@code backend} wrapped in a trace printing to {@code out}. */
    public static Backend wrap(Backend backend, PrintStream out) {
        active = true;
        return backend instanceof KernelTrace ? backend : new KernelTrace(backend, out);
    }

    /** {@code backend} traced to standard error when {@code -Dtensorj.trace=kernels}, else {@code backend} itself. */
    static Backend wrapIfEnabled(Backend backend) {
        String trace = System.getProperty("tensorj.trace", "");
        return trace.equalsIgnoreCase("kernels") ? wrap(backend, System.err) : backend;
    }

    /** Called by a backend's dispatch to name the route it takes for the current call (e.g. "gemm blocked 8x32"). */
    public static void route(String name) {
        if (active) ROUTE.set(name);
    }

    /** Whether a trace is on: a route name that costs work to build is built only then. */
    public static boolean active() {
        return active;
    }

    private void call(String kernel, Runnable body, Tensor... tensors) {
        String enclosing = ROUTE.get(); // a kernel may call tensor ops itself: keep its route across theirs
        ROUTE.remove();
        long start = System.nanoTime();
        body.run();
        double ms = (System.nanoTime() - start) / 1e6;
        String route = ROUTE.get();
        if (enclosing != null) ROUTE.set(enclosing);
        else ROUTE.remove();
        StringBuilder shapes = new StringBuilder();
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] == null) continue;
            if (i == tensors.length - 1 && !shapes.isEmpty()) shapes.append("-> ");
            shapes.append(tensors[i].shape()).append(tensors[i].isContiguous() ? "" : "(strided)").append(' ');
        }
        out.println(String.format(Locale.ROOT, "[kernels] %-20s %-9s %-28s %-60s %9.3f ms",
                kernel, inner.name(), route == null ? "-" : route, shapes.toString().trim(), ms));
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Device device() {
        return inner.device();
    }

    @Override
    public int threads() {
        return inner.threads();
    }

    @Override
    public void setThreads(int threads) {
        inner.setThreads(threads);
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return inner.allocate(dtype, size);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        call("copy", () -> inner.copy(src, dst), src, dst);
    }

    @Override
    public void transfer(Tensor src, Tensor dst) {
        call("transfer", () -> inner.transfer(src, dst), src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        call("fill", () -> inner.fill(dst, value), dst);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out) {
        call(op.name().toLowerCase(Locale.ROOT), () -> inner.unary(op, x, alpha, beta, out), x, out);
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor saved, Tensor grad, double alpha, Tensor out) {
        call(op.name().toLowerCase(Locale.ROOT) + "Backward", () -> inner.unaryBackward(op, saved, grad, alpha, out), saved, grad, out);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        call(op.name().toLowerCase(Locale.ROOT), () -> inner.binary(op, a, b, out), a, b, out);
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        call("where", () -> inner.where(condition, a, b, out), condition, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        call(op.name().toLowerCase(Locale.ROOT), () -> inner.reduce(op, x, out), x, out);
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        call(max ? "argmax" : "argmin", () -> inner.argReduce(max, x, axis, out), x, out);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        call("matmul", () -> inner.matmul(a, b, out), a, b, out);
    }

    @Override
    public void softmax(Tensor x, int axis, boolean log, Tensor out) {
        call(log ? "logSoftmax" : "softmax", () -> inner.softmax(x, axis, log, out), x, out);
    }

    @Override
    public void im2col(Tensor x, ConvGeometry geometry, double padValue, Tensor cols) {
        call("im2col", () -> inner.im2col(x, geometry, padValue, cols), x, cols);
    }

    @Override
    public void col2im(Tensor cols, ConvGeometry geometry, Tensor out) {
        call("col2im", () -> inner.col2im(cols, geometry, out), cols, out);
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, ConvGeometry geometry, Tensor out) {
        call("conv2d", () -> inner.conv2d(x, weight, geometry, out), x, weight, out);
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput) {
        call("conv2dBackwardInput", () -> inner.conv2dBackwardInput(gradOut, weight, geometry, gradInput), gradOut, weight, gradInput);
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight) {
        call("conv2dBackwardWeight", () -> inner.conv2dBackwardWeight(x, gradOut, geometry, gradWeight), x, gradOut, gradWeight);
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry geometry, Tensor out, Tensor indices) {
        call("maxPool2d", () -> inner.maxPool2d(x, geometry, out, indices), x, out);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        call("gather", () -> inner.gather(x, axis, index, out), x, index, out);
    }

    @Override
    public void scatterAdd(Tensor target, int axis, Tensor index, Tensor src) {
        call("scatterAdd", () -> inner.scatterAdd(target, axis, index, src), src, index, target);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        call("indexSelect", () -> inner.indexSelect(x, axis, index, out), x, index, out);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        call("batchNormForward", () -> inner.batchNormForward(x, gamma, beta, eps, out, mean, invStd), x, gamma, out);
    }

    @Override
    public void batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd,
                                  Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        call("batchNormBackward", () -> inner.batchNormBackward(gradOut, x, gamma, mean, invStd, gradInput, gradGamma, gradBeta),
                gradOut, x, gradInput);
    }

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor act, Tensor h, Tensor c) {
        call("lstmCellForward", () -> inner.lstmCellForward(gates, cPrev, act, h, c), gates, cPrev, h);
    }

    @Override
    public void lstmCellBackward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        call("lstmCellBackward", () -> inner.lstmCellBackward(act, cPrev, c, dh, dc, dGates, dcPrev), act, dh, dGates);
    }

    @Override
    public void lstmSequenceForward(Tensor act, Tensor u, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        call("lstmSequenceForward", () -> inner.lstmSequenceForward(act, u, h0, c0, hs, cs), act, u, hs);
    }

    @Override
    public void lstmSequenceBackward(Tensor act, Tensor u, Tensor c0, Tensor cs, Tensor gH, Tensor gC, Tensor dGates, Tensor dh0, Tensor dc0) {
        call("lstmSequenceBackward", () -> inner.lstmSequenceBackward(act, u, c0, cs, gH, gC, dGates, dh0, dc0), act, gH, dGates);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                         double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay) {
        call("adamStep", () -> inner.adamStep(param, grad, m, v, beta1, beta2, stepSize, sqrtBiasCorrection2, eps, l2, decoupledDecay), grad, param);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2) {
        call("rmspropStep", () -> inner.rmspropStep(param, grad, squareAverage, alpha, lr, eps, l2), grad, param);
    }

    @Override
    public void fillUniform(Tensor out, double low, double high, Generator generator) {
        call("fillUniform", () -> inner.fillUniform(out, low, high, generator), out);
    }

    @Override
    public void fillNormal(Tensor out, double mean, double std, Generator generator) {
        call("fillNormal", () -> inner.fillNormal(out, mean, std, generator), out);
    }

    @Override
    public void fillBernoulli(Tensor out, double p, Generator generator) {
        call("fillBernoulli", () -> inner.fillBernoulli(out, p, generator), out);
    }
}
