package dev.tensorj.tensor;

/**
 * The primitive kernels a device runs. {@link Tensor} does all shape logic (broadcasting, axis
 * normalisation, output allocation, error messages) and then calls exactly one of these with
 * tensors whose shapes already agree, so a backend implements arithmetic only.
 *
 * <p>Contract for every kernel:
 * <ul>
 *   <li>Inputs may be any strided view: transposed, sliced with a step, or broadcast (stride 0).</li>
 *   <li>The output is passed in; a kernel never allocates behind the caller's back except through
 *       {@link #allocate}. An output may alias an input at identical positions (in-place ops).</li>
 *   <li>All tensors of one call live on {@link #device()}; dtypes are as documented per kernel.</li>
 * </ul>
 * {@code ReferenceBackend} is the readable definition of every kernel and the oracle the fast
 * backends are tested against.
 */
public interface Backend {

    /** A short name for logs and benchmark tables, e.g. {@code "reference"}, {@code "cpu"}. */
    String name();

    /** The device this backend computes on; tensors it allocates live there. */
    Device device();

    /**
     * What a run's summary should say about this backend, in order (a GPU's backend: the implementation each
     * op family used, the memory peak); empty by default.
     */
    default java.util.Map<String, String> report() {
        return java.util.Map.of();
    }

    /** Worker threads the kernels of this backend use (1 for a single-threaded backend). */
    default int threads() {
        return 1;
    }

    /** Limits the kernels to {@code threads} workers; a single-threaded backend ignores it. */
    default void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException(name() + ".setThreads: expected at least 1 thread, got " + threads);
    }

    /** A new zero-filled storage of {@code size} elements. */
    Storage allocate(DType dtype, int size);

    // ---- copy, fill, cast ----

    /** dst[i] = src[i] for every index, converting the dtype if they differ (same shapes). */
    void copy(Tensor src, Tensor dst);

    /**
     * Copies between this backend's device and the CPU (either direction; same shapes and dtypes).
     * For a CPU backend this is {@link #copy}.
     */
    void transfer(Tensor src, Tensor dst);

    /** Every element of dst becomes {@code value}. */
    void fill(Tensor dst, double value);

    // ---- elementwise ----

    /** out = op(x), same shape; parameters as documented on {@link UnaryOp}. Same dtype in and out. */
    void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out);

    /**
     * out = grad times op's derivative, from {@code saved} as {@link UnaryOp#backward} says (the activation's output
     * or input): an activation's backward in one pass. saved, grad and out have one shape and one floating dtype.
     */
    void unaryBackward(UnaryOp op, Tensor saved, Tensor grad, double alpha, Tensor out);

    /**
     * out = op(a, b), all three of one shape (a and b broadcast with stride 0 by the caller). a and b
     * share out's dtype, except for comparisons, whose out may be any floating dtype.
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** out = condition != 0 ? a : b, all of one shape; a, b, out of one dtype. */
    void where(Tensor condition, Tensor a, Tensor b, Tensor out);

    // ---- reductions ----

    /**
     * Reduces x into out, which has x's rank with size 1 on every reduced axis (keepdim layout). Axes
     * where out's size is 1 are reduced. Same dtype in and out.
     */
    void reduce(ReduceOp op, Tensor x, Tensor out);

    /** Index (INT64) of the largest ({@code max}) or smallest element along one axis; out has size 1 there. Ties give the first index. */
    void argReduce(boolean max, Tensor x, int axis, Tensor out);

    // ---- linear algebra ----

    /** Batched matrix product: a [B, M, K] times b [B, K, N] into out [B, M, N]. */
    void matmul(Tensor a, Tensor b, Tensor out);

    /** Softmax (or log-softmax when {@code log}) along one axis, numerically stable (max subtracted). */
    void softmax(Tensor x, int axis, boolean log, Tensor out);

    // ---- convolution windows ----

    /**
     * im2col: the windows of x [N, C, H, W] as columns, cols [N, C * kH * kW, outH * outW]:
     * cols[n, (c, i, j), (y, x)] = x[n, c, y * sH - pH + i * dH, x * sW - pW + j * dW], or
     * {@code padValue} where that falls outside the image. A convolution is then one matrix product.
     */
    void im2col(Tensor x, ConvGeometry geometry, double padValue, Tensor cols);

    /**
     * col2im, the adjoint of im2col: every column entry is added back to the pixel it was read from
     * (entries from the padding are dropped). out [N, C, H, W] must be zeroed by the caller.
     */
    void col2im(Tensor cols, ConvGeometry geometry, Tensor out);

    /**
     * Convolution forward: out[n, o, y, x] = sum_{c, i, j} w[o, c, i, j] x[n, c, y sH - pH + i dH, x sW - pW + j dW]
     * for x [N, C, H, W], w [O, C, kH, kW], out [N, O, outH, outW] (no bias, groups = 1).
     */
    void conv2d(Tensor x, Tensor weight, ConvGeometry geometry, Tensor out);

    /** dL/dx of {@link #conv2d}: the gradient of each output spread back over its window, weighted by w. */
    void conv2dBackwardInput(Tensor gradOut, Tensor weight, ConvGeometry geometry, Tensor gradInput);

    /** dL/dw of {@link #conv2d}: for each tap, the sum over images and positions of gradOut times the input it saw. */
    void conv2dBackwardWeight(Tensor x, Tensor gradOut, ConvGeometry geometry, Tensor gradWeight);

    /**
     * Max pooling: out[n, c, y, x] = the largest x[n, c, h, w] in window (y, x) (padding never wins), and
     * indices[n, c, y, x] = h * W + w, its position in the channel's image (INT64; the first maximum on
     * ties). The backward scatters the gradient to those positions.
     */
    void maxPool2d(Tensor x, ConvGeometry geometry, Tensor out, Tensor indices);

    // ---- indexing ----

    /** out[..., j, ...] = x[..., index[..., j, ...], ...] along {@code axis} (PyTorch {@code gather}). index is INT64 of out's shape. */
    void gather(Tensor x, int axis, Tensor index, Tensor out);

    /** target[..., index[..., j, ...], ...] += src[..., j, ...] along {@code axis}, in place (PyTorch {@code scatter_add_}). */
    void scatterAdd(Tensor target, int axis, Tensor index, Tensor src);

    /** out = x with the entries of the 1-D INT64 {@code index} taken along {@code axis}. */
    void indexSelect(Tensor x, int axis, Tensor index, Tensor out);

    // ---- batch normalisation (statistics over every axis but axis 1) ----

    /**
     * Training-mode batch norm of x [N, C, ...]: per channel c, mean[c] and invStd[c] = 1 / sqrt(var[c] + eps)
     * (biased variance) are computed and written, and out = (x - mean) invStd gamma + beta.
     */
    void batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd);

    /**
     * Its backward, with x̂ = (x - mean) invStd and M elements per channel:
     * dbeta = sum dy, dgamma = sum dy x̂, dx = gamma invStd / M (M dy - dbeta - x̂ dgamma).
     */
    void batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd,
                           Tensor gradInput, Tensor gradGamma, Tensor gradBeta);

    // ---- recurrent cells (PyTorch's LSTM gate order: input, forget, cell candidate, output) ----

    /**
     * The pointwise part of one LSTM step. gates [B, 4H] holds x W_ih^T + h W_hh^T + b, cPrev [B, H]
     * the previous cell state. Writes act = (σ(i), σ(f), tanh(g), σ(o)) [B, 4H], the new cell state
     * c = f cPrev + i g and the new hidden state h = o tanh(c) (both [B, H]). act may be gates itself: each
     * element's four gates are read before its activations are written.
     */
    void lstmCellForward(Tensor gates, Tensor cPrev, Tensor act, Tensor h, Tensor c);

    /**
     * Its backward, from the forward's act and c. dh and dc [B, H] are the gradients reaching h and c. With
     * dc' = dc + dh o (1 - tanh² c) (c's total gradient, h = o tanh c), the pre-activation gradients are
     * di = dc' g i (1 - i), df = dc' cPrev f (1 - f), dg = dc' i (1 - g²), do = dh tanh(c) o (1 - o)
     * (σ' = σ (1 - σ), tanh' = 1 - tanh²), written to dGates [B, 4H]; dcPrev = dc' f.
     */
    void lstmCellBackward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev);

    /**
     * The LSTM recurrence over a whole sequence (one direction, time first). On entry act [T, B, 4H] holds
     * each step's input projection x_t W_ih^T + b; for t = 0, 1, ... the step adds h_{t-1} W_hh^T (u = W_hh
     * [4H, H], h_{-1} = h0) and runs {@link #lstmCellForward} in place, so act ends as the activations and
     * hs, cs [T, B, H] as every step's h and c. This default is that loop on the other kernels; a backend
     * may fuse it (one call instead of three per step, W_hh packed once).
     */
    default void lstmSequenceForward(Tensor act, Tensor u, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        Tensor uT = u.t();
        for (int t = 0; t < act.size(0); t++) {
            Tensor gates = act.select(0, t), hPrev = t == 0 ? h0 : hs.select(0, t - 1), cPrev = t == 0 ? c0 : cs.select(0, t - 1);
            gates.addInPlace(hPrev.matmul(uT));
            lstmCellForward(gates, cPrev, gates, hs.select(0, t), cs.select(0, t));
        }
    }

    /**
     * Backpropagation through time for {@link #lstmSequenceForward}: gH and gC [T, B, H] are the gradients
     * reaching each step's h and c from outside the recurrence. Walking t = T-1 ... 0, the step's total
     * gradients dh = gH_t + dGates_{t+1} W_hh (h_t feeds step t+1's gates) and dc = gC_t + dcPrev_{t+1} go
     * through {@link #lstmCellBackward}, which writes dGates_t into dGates [T, B, 4H]; dh0 and dc0 [B, H]
     * receive what reaches h0 and c0.
     */
    default void lstmSequenceBackward(Tensor act, Tensor u, Tensor c0, Tensor cs, Tensor gH, Tensor gC,
                                      Tensor dGates, Tensor dh0, Tensor dc0) {
        int steps = act.size(0);
        Tensor dh = gH.select(0, steps - 1).contiguous(), dc = gC.select(0, steps - 1).contiguous();
        for (int t = steps - 1; t >= 0; t--) {
            Tensor dcPrev = t == 0 ? dc0 : Tensor.zeros(dc.dtype(), dc.device(), dc.dims());
            lstmCellBackward(act.select(0, t), t == 0 ? c0 : cs.select(0, t - 1), cs.select(0, t), dh, dc, dGates.select(0, t), dcPrev);
            Tensor dhPrev = dGates.select(0, t).matmul(u); // through gates_t = ... + h_{t-1} W_hh^T
            if (t == 0) {
                dh0.copyFrom(dhPrev);
            } else {
                dh = dhPrev.addInPlace(gH.select(0, t - 1));
                dc = dcPrev.addInPlace(gC.select(0, t - 1));
            }
        }
    }

    // ---- fused optimiser updates (in place; all tensors of one shape) ----
    // The moment estimates m, v, s are flushed to zero when below Float.MIN_NORMAL (≈ 1.2e-38): state of
    // parameters whose gradient stays zero decays into subnormal floats, whose arithmetic is ~50x slower
    // on x86 CPUs; the flush changes the update by at most sqrt(1.2e-38) / eps relative, below 1e-11.

    /**
     * One Adam step per element: g = grad + l2 * p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p = p (1 - decoupledDecay) - stepSize * m / (sqrt(v) / sqrtBiasCorrection2 + eps).
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                  double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay);

    /** One RMSprop step per element: g = grad + l2 * p; s = a s + (1 - a) g^2; p = p - lr g / (sqrt(s) + eps). */
    void rmspropStep(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2);

    // ---- random fill (sequential in row-major order: the same generator state gives the same values) ----

    /** Fills {@code out} with values uniform in [low, high). */
    void fillUniform(Tensor out, double low, double high, Generator generator);

    /** Fills {@code out} with normal values of the given mean and standard deviation. */
    void fillNormal(Tensor out, double mean, double std, Generator generator);

    /** Each element becomes 1 with probability p, else 0. */
    void fillBernoulli(Tensor out, double p, Generator generator);
}
