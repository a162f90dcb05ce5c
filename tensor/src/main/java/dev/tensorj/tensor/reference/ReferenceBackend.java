package dev.tensorj.tensor.reference;

import dev.tensorj.tensor.Backend;
import dev.tensorj.tensor.BinaryOp;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Indexer;
import dev.tensorj.tensor.ReduceOp;
import dev.tensorj.tensor.Storage;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;

/**
 * The readable definition of every kernel: plain loops over {@link Indexer#positions}, every dtype,
 * no tricks. Floating-point math is done in double and rounded once when stored. It is the oracle the
 * fast backends are tested against, and the fallback for whatever they do not specialise.
 *
 * <p>The loops share one idiom: {@code int[] px = Indexer.positions(x)} lists where each element of
 * a view lives in its storage (in row-major order), so {@code x[i]} is {@code data(x).getDouble(px[i])}
 * whatever the strides.
 */
public class ReferenceBackend implements Backend {
    /** The one instance; the fast CPU backend delegates to it every op it does not specialise. */
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    /** Protected so that a backend may extend the reference loops; everyone else uses {@link #INSTANCE}. */
    protected ReferenceBackend() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return new CpuStorage(dtype, size);
    }

    /** The heap arrays behind a tensor (every tensor this backend sees is on the CPU), for the loops here and in subclasses. */
    protected static CpuStorage data(Tensor t) {
        return (CpuStorage) t.storage();
    }

    // ---- copy, fill ----

    @Override
    public void copy(Tensor src, Tensor dst) {
        int[] ps = Indexer.positions(src), pd = Indexer.positions(dst);
        CpuStorage s = data(src), d = data(dst);
        if (src.dtype() == DType.INT64 && dst.dtype() == DType.INT64) {
            for (int i = 0; i < ps.length; i++) d.setLong(pd[i], s.getLong(ps[i]));
        } else {
            for (int i = 0; i < ps.length; i++) d.setDouble(pd[i], s.getDouble(ps[i]));
        }
    }

    @Override
    public void transfer(Tensor src, Tensor dst) {
        copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        CpuStorage d = data(dst);
        for (int p : Indexer.positions(dst)) d.setDouble(p, value);
    }

    // ---- elementwise ----

    @Override
    public void unary(UnaryOp op, Tensor x, double alpha, double beta, Tensor out) {
        int[] px = Indexer.positions(x), po = Indexer.positions(out);
        CpuStorage xs = data(x), os = data(out);
        if (x.dtype() == DType.INT64 && op.exactOnLongs()) {
            for (int i = 0; i < px.length; i++) os.setLong(po[i], op.applyLong(xs.getLong(px[i]), alpha, beta));
        } else {
            for (int i = 0; i < px.length; i++) os.setDouble(po[i], op.apply(xs.getDouble(px[i]), alpha, beta));
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor saved, Tensor grad, double alpha, Tensor out) {
        int[] ps = Indexer.positions(saved), pg = Indexer.positions(grad), po = Indexer.positions(out);
        CpuStorage ss = data(saved), gs = data(grad), os = data(out);
        for (int i = 0; i < po.length; i++) os.setDouble(po[i], op.backward(ss.getDouble(ps[i]), gs.getDouble(pg[i]), alpha));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] pa = Indexer.positions(a), pb = Indexer.positions(b), po = Indexer.positions(out);
        CpuStorage as = data(a), bs = data(b), os = data(out);
        if (a.dtype() == DType.INT64 && b.dtype() == DType.INT64) {
            for (int i = 0; i < po.length; i++) os.setLong(po[i], op.applyLong(as.getLong(pa[i]), bs.getLong(pb[i])));
        } else {
            for (int i = 0; i < po.length; i++) os.setDouble(po[i], op.apply(as.getDouble(pa[i]), bs.getDouble(pb[i])));
        }
    }

    @Override
    public void where(Tensor condition, Tensor a, Tensor b, Tensor out) {
        int[] pc = Indexer.positions(condition), pa = Indexer.positions(a), pb = Indexer.positions(b), po = Indexer.positions(out);
        CpuStorage cs = data(condition), as = data(a), bs = data(b), os = data(out);
        for (int i = 0; i < po.length; i++) {
            boolean pickA = cs.getDouble(pc[i]) != 0;
            if (out.dtype() == DType.INT64) os.setLong(po[i], pickA ? as.getLong(pa[i]) : bs.getLong(pb[i]));
            else os.setDouble(po[i], pickA ? as.getDouble(pa[i]) : bs.getDouble(pb[i]));
        }
    }

    // ---- reductions ----

    /**
     * Every element of x is folded into the output element it reduces to. Seeing out broadcast back to
     * x's shape (stride 0 on the reduced axes) gives, for each x[i], the position of its accumulator.
     */
    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor out) {
        int[] px = Indexer.positions(x);
        int[] pAcc = Indexer.positions(out.expand(x.dims()));
        int[] po = Indexer.positions(out);
        CpuStorage xs = data(x), os = data(out);
        int count = x.numel() / Math.max(1, out.numel()); // elements folded into each output
        if (x.dtype() == DType.INT64 && op != ReduceOp.MEAN && op != ReduceOp.VAR) {
            reduceLongs(op, xs, px, os, po, pAcc);
            return;
        }
        // accumulate in a double array indexed like out's storage, then store once
        double[] acc = new double[os.size()];
        double initial = switch (op) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            case PROD -> 1.0;
            default -> 0.0;
        };
        for (int p : po) acc[p] = initial;
        if (op == ReduceOp.VAR) {
            // two passes: the mean, then the mean of squared deviations (divisor n)
            double[] mean = new double[os.size()];
            for (int i = 0; i < px.length; i++) mean[pAcc[i]] += xs.getDouble(px[i]);
            for (int p : po) mean[p] /= count;
            for (int i = 0; i < px.length; i++) {
                double deviation = xs.getDouble(px[i]) - mean[pAcc[i]];
                acc[pAcc[i]] += deviation * deviation;
            }
            for (int p : po) os.setDouble(p, count == 0 ? Double.NaN : acc[p] / count);
            return;
        }
        for (int i = 0; i < px.length; i++) {
            double v = xs.getDouble(px[i]);
            int p = pAcc[i];
            acc[p] = switch (op) {
                case SUM, MEAN -> acc[p] + v;
                case MAX -> (v > acc[p] || Double.isNaN(v)) ? v : acc[p];
                case MIN -> (v < acc[p] || Double.isNaN(v)) ? v : acc[p];
                case PROD -> acc[p] * v;
                case VAR -> throw new AssertionError();
            };
        }
        for (int p : po) os.setDouble(p, op == ReduceOp.MEAN ? acc[p] / count : acc[p]);
    }

    private static void reduceLongs(ReduceOp op, CpuStorage xs, int[] px, CpuStorage os, int[] po, int[] pAcc) {
        long initial = switch (op) {
            case MAX -> Long.MIN_VALUE;
            case MIN -> Long.MAX_VALUE;
            case PROD -> 1L;
            default -> 0L;
        };
        for (int p : po) os.setLong(p, initial);
        for (int i = 0; i < px.length; i++) {
            long v = xs.getLong(px[i]);
            long a = os.getLong(pAcc[i]);
            os.setLong(pAcc[i], switch (op) {
                case SUM -> a + v;
                case MAX -> Math.max(a, v);
                case MIN -> Math.min(a, v);
                case PROD -> a * v;
                default -> throw new AssertionError(op);
            });
        }
    }

    @Override
    public void argReduce(boolean max, Tensor x, int axis, Tensor out) {
        // walk every line along `axis`: out's positions name the lines, x's stride along axis walks one
        int[] lineStarts = Indexer.positions(x.narrow(axis, 0, 1));
        int[] po = Indexer.positions(out);
        int length = x.size(axis), stride = x.stride(axis);
        CpuStorage xs = data(x), os = data(out);
        for (int line = 0; line < po.length; line++) {
            int best = 0;
            double bestValue = xs.getDouble(lineStarts[line]);
            for (int j = 1; j < length && !Double.isNaN(bestValue); j++) {
                double v = xs.getDouble(lineStarts[line] + j * stride);
                if (Double.isNaN(v) || (max ? v > bestValue : v < bestValue)) {
                    best = j;
                    bestValue = v;
                }
            }
            os.setLong(po[line], best);
        }
    }

    // ---- linear algebra ----

    /** out[b, i, j] = sum_k a[b, i, k] * b[b, k, j], the textbook triple loop (accumulated in double). */
    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        int batch = a.size(0), m = a.size(1), k = a.size(2), n = b.size(2);
        CpuStorage as = data(a), bs = data(b), os = data(out);
        int[] sa = a.strides(), sb = b.strides(), so = out.strides();
        for (int p = 0; p < batch; p++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        sum += as.getDouble(a.offset() + p * sa[0] + i * sa[1] + q * sa[2])
                                * bs.getDouble(b.offset() + p * sb[0] + q * sb[1] + j * sb[2]);
                    }
                    os.setDouble(out.offset() + p * so[0] + i * so[1] + j * so[2], sum);
                }
            }
        }
    }

    /**
     * softmax(x)_j = exp(x_j - m) / sum_k exp(x_k - m) with m = max_k x_k (subtracting m changes nothing
     * mathematically and keeps exp from overflowing); log-softmax_j = x_j - m - log(sum_k exp(x_k - m)).
     */
    @Override
    public void softmax(Tensor x, int axis, boolean log, Tensor out) {
        if (x.size(axis) == 0) return; // nothing to normalise (and no first element to narrow to)
        int[] xStarts = Indexer.positions(x.narrow(axis, 0, 1));
        int[] oStarts = Indexer.positions(out.narrow(axis, 0, 1));
        int length = x.size(axis), xStride = x.stride(axis), oStride = out.stride(axis);
        CpuStorage xs = data(x), os = data(out);
        for (int line = 0; line < xStarts.length; line++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < length; j++) max = Math.max(max, xs.getDouble(xStarts[line] + j * xStride));
            if (max == Double.NEGATIVE_INFINITY) max = 0; // all -inf: avoid (-inf) - (-inf)
            double sum = 0;
            for (int j = 0; j < length; j++) sum += Math.exp(xs.getDouble(xStarts[line] + j * xStride) - max);
            double logSum = Math.log(sum);
            for (int j = 0; j < length; j++) {
                double shifted = xs.getDouble(xStarts[line] + j * xStride) - max;
                os.setDouble(oStarts[line] + j * oStride, log ? shifted - logSum : Math.exp(shifted) / sum);
            }
        }
    }

    // ---- convolution windows ----

    @Override
    public void im2col(Tensor x, ConvGeometry g, double padValue, Tensor cols) {
        windows(x.dims(), g, (n, c, row, column, xIndex) -> {
            double v = xIndex == null ? padValue : data(x).getDouble(Indexer.position(xIndex, x.strides(), x.offset()));
            data(cols).setDouble(Indexer.position(new int[] {n, row, column}, cols.strides(), cols.offset()), v);
        });
    }

    @Override
    public void col2im(Tensor cols, ConvGeometry g, Tensor out) {
        windows(out.dims(), g, (n, c, row, column, xIndex) -> {
            if (xIndex == null) return; // read from the padding: no pixel to give it back to
            int target = Indexer.position(xIndex, out.strides(), out.offset());
            double add = data(cols).getDouble(Indexer.position(new int[] {n, row, column}, cols.strides(), cols.offset()));
            data(out).setDouble(target, data(out).getDouble(target) + add);
        });
    }

    /**
     * The three convolution kernels are one loop nest: for every output position and every tap, the
     * input pixel it reads (or none, in the padding), the weight and the output. Forward accumulates
     * w x into out; backward-input accumulates w g into the pixel; backward-weight accumulates g x into w.
     */
    private interface ConvTap {
        void visit(int xPosition, int wPosition, int outPosition);
    }

    private static void convTaps(Tensor x, Tensor w, Tensor out, ConvGeometry g, ConvTap tap) {
        int batch = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3), outChannels = w.size(0);
        int outH = out.size(2), outW = out.size(3);
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outChannels; o++)
                for (int y = 0; y < outH; y++)
                    for (int xPos = 0; xPos < outW; xPos++) {
                        int outPosition = Indexer.position(new int[] {n, o, y, xPos}, out.strides(), out.offset());
                        for (int c = 0; c < channels; c++)
                            for (int i = 0; i < g.kernelH(); i++)
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int h = y * g.strideH() - g.padH() + i * g.dilationH();
                                    int wIndex = xPos * g.strideW() - g.padW() + j * g.dilationW();
                                    if (h < 0 || h >= height || wIndex < 0 || wIndex >= width) continue;
                                    tap.visit(Indexer.position(new int[] {n, c, h, wIndex}, x.strides(), x.offset()),
                                            Indexer.position(new int[] {o, c, i, j}, w.strides(), w.offset()), outPosition);
                                }
                    }
    }

    @Override
    public void conv2d(Tensor x, Tensor weight, ConvGeometry g, Tensor out) {
        fill(out, 0);
        CpuStorage xs = data(x), ws = data(weight), os = data(out);
        convTaps(x, weight, out, g, (px, pw, po) -> os.setDouble(po, os.getDouble(po) + ws.getDouble(pw) * xs.getDouble(px)));
    }

    @Override
    public void conv2dBackwardInput(Tensor gradOut, Tensor weight, ConvGeometry g, Tensor gradInput) {
        fill(gradInput, 0);
        CpuStorage gs = data(gradOut), ws = data(weight), xs = data(gradInput);
        convTaps(gradInput, weight, gradOut, g, (px, pw, po) -> xs.setDouble(px, xs.getDouble(px) + ws.getDouble(pw) * gs.getDouble(po)));
    }

    @Override
    public void conv2dBackwardWeight(Tensor x, Tensor gradOut, ConvGeometry g, Tensor gradWeight) {
        fill(gradWeight, 0);
        CpuStorage xs = data(x), gs = data(gradOut), ws = data(gradWeight);
        convTaps(x, gradWeight, gradOut, g, (px, pw, po) -> ws.setDouble(pw, ws.getDouble(pw) + gs.getDouble(po) * xs.getDouble(px)));
    }

    @Override
    public void maxPool2d(Tensor x, ConvGeometry g, Tensor out, Tensor indices) {
        int height = x.size(2), width = x.size(3), outH = g.outH(height), outW = g.outW(width);
        for (int n = 0; n < x.size(0); n++) {
            for (int c = 0; c < x.size(1); c++) {
                for (int y = 0; y < outH; y++) {
                    for (int xPos = 0; xPos < outW; xPos++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bestIndex = -1;
                        for (int i = 0; i < g.kernelH(); i++) {
                            for (int j = 0; j < g.kernelW(); j++) {
                                int h = y * g.strideH() - g.padH() + i * g.dilationH();
                                int w = xPos * g.strideW() - g.padW() + j * g.dilationW();
                                if (h < 0 || h >= height || w < 0 || w >= width) continue;
                                double v = data(x).getDouble(Indexer.position(new int[] {n, c, h, w}, x.strides(), x.offset()));
                                if (bestIndex < 0 || v > best || Double.isNaN(v) && !Double.isNaN(best)) {
                                    best = v;
                                    bestIndex = h * width + w;
                                }
                            }
                        }
                        int[] at = {n, c, y, xPos};
                        data(out).setDouble(Indexer.position(at, out.strides(), out.offset()), best);
                        data(indices).setLong(Indexer.position(at, indices.strides(), indices.offset()), bestIndex);
                    }
                }
            }
        }
    }

    /** What to do with one (window position, kernel tap): xIndex is null when the tap is in the padding. */
    private interface WindowVisitor {
        void visit(int n, int c, int row, int column, int[] xIndex);
    }

    /** Walks every kernel tap of every window position: row = (c, i, j), column = (y, x) as in im2col. */
    private static void windows(int[] shape, ConvGeometry g, WindowVisitor visitor) {
        int batch = shape[0], channels = shape[1], height = shape[2], width = shape[3];
        int outH = g.outH(height), outW = g.outW(width);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < g.kernelH(); i++) {
                    for (int j = 0; j < g.kernelW(); j++) {
                        int row = (c * g.kernelH() + i) * g.kernelW() + j;
                        for (int y = 0; y < outH; y++) {
                            for (int xPos = 0; xPos < outW; xPos++) {
                                int h = y * g.strideH() - g.padH() + i * g.dilationH();
                                int w = xPos * g.strideW() - g.padW() + j * g.dilationW();
                                boolean inside = h >= 0 && h < height && w >= 0 && w < width;
                                visitor.visit(n, c, row, y * outW + xPos, inside ? new int[] {n, c, h, w} : null);
                            }
                        }
                    }
                }
            }
        }
    }

    // ---- indexing ----

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        int[] idx = new int[out.rank()];
        int[] pi = Indexer.positions(index), po = Indexer.positions(out);
        CpuStorage xs = data(x), is = data(index), os = data(out);
        int[] xStrides = x.strides();
        for (int i = 0; i < po.length; i++) {
            Indexer.unravel(i, out.dims(), idx);
            idx[axis] = (int) is.getLong(pi[i]);
            int source = Indexer.position(idx, xStrides, x.offset());
            if (out.dtype() == DType.INT64) os.setLong(po[i], xs.getLong(source));
            else os.setDouble(po[i], xs.getDouble(source));
        }
    }

    @Override
    public void scatterAdd(Tensor target, int axis, Tensor index, Tensor src) {
        int[] idx = new int[index.rank()];
        int[] pi = Indexer.positions(index), ps = Indexer.positions(src);
        CpuStorage ts = data(target), is = data(index), ss = data(src);
        int[] targetStrides = target.strides();
        for (int i = 0; i < pi.length; i++) {
            Indexer.unravel(i, index.dims(), idx);
            idx[axis] = (int) is.getLong(pi[i]);
            int destination = Indexer.position(idx, targetStrides, target.offset());
            if (target.dtype() == DType.INT64) ts.setLong(destination, ts.getLong(destination) + ss.getLong(ps[i]));
            else ts.setDouble(destination, ts.getDouble(destination) + ss.getDouble(ps[i]));
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        long[] chosen = index.toLongArray();
        for (int j = 0; j < chosen.length; j++) {
            copy(x.select(axis, (int) chosen[j]), out.select(axis, j));
        }
    }

    // ---- batch normalisation ----

    /** The channel (axis 1) of each element of x, in row-major order. */
    private static int[] channels(Tensor x) {
        int n = x.numel(), c = x.size(1), inner = n / Math.max(1, x.size(0) * c);
        int[] channel = new int[n];
        for (int i = 0; i < n; i++) channel[i] = (i / Math.max(1, inner)) % c;
        return channel;
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, double eps, Tensor out, Tensor mean, Tensor invStd) {
        int c = x.size(1), m = x.numel() / c;
        int[] px = Indexer.positions(x), po = Indexer.positions(out), channel = channels(x);
        CpuStorage xs = data(x), os = data(out);
        double[] sum = new double[c], squares = new double[c];
        for (int i = 0; i < px.length; i++) sum[channel[i]] += xs.getDouble(px[i]);
        for (int k = 0; k < c; k++) sum[k] /= m; // now the mean
        for (int i = 0; i < px.length; i++) {
            double d = xs.getDouble(px[i]) - sum[channel[i]];
            squares[channel[i]] += d * d;
        }
        double[] inv = new double[c], g = gamma.toDoubleArray(), b = beta.toDoubleArray();
        int[] pm = Indexer.positions(mean), pv = Indexer.positions(invStd);
        for (int k = 0; k < c; k++) {
            inv[k] = 1 / Math.sqrt(squares[k] / m + eps);
            data(mean).setDouble(pm[k], sum[k]);
            data(invStd).setDouble(pv[k], inv[k]);
        }
        for (int i = 0; i < px.length; i++) {
            int k = channel[i];
            os.setDouble(po[i], (xs.getDouble(px[i]) - sum[k]) * inv[k] * g[k] + b[k]);
        }
    }

    @Override
    public void batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd,
                                  Tensor gradInput, Tensor gradGamma, Tensor gradBeta) {
        int c = x.size(1), m = x.numel() / c;
        int[] px = Indexer.positions(x), pg = Indexer.positions(gradOut), pi = Indexer.positions(gradInput), channel = channels(x);
        CpuStorage xs = data(x), gs = data(gradOut), is = data(gradInput);
        double[] mu = mean.toDoubleArray(), inv = invStd.toDoubleArray(), g = gamma.toDoubleArray();
        double[] dBeta = new double[c], dGamma = new double[c];
        for (int i = 0; i < px.length; i++) {
            int k = channel[i];
            double dy = gs.getDouble(pg[i]);
            dBeta[k] += dy;
            dGamma[k] += dy * (xs.getDouble(px[i]) - mu[k]) * inv[k];
        }
        for (int i = 0; i < px.length; i++) {
            int k = channel[i];
            double xHat = (xs.getDouble(px[i]) - mu[k]) * inv[k];
            is.setDouble(pi[i], g[k] * inv[k] / m * (m * gs.getDouble(pg[i]) - dBeta[k] - xHat * dGamma[k]));
        }
        int[] pgg = Indexer.positions(gradGamma), pgb = Indexer.positions(gradBeta);
        for (int k = 0; k < c; k++) {
            data(gradGamma).setDouble(pgg[k], dGamma[k]);
            data(gradBeta).setDouble(pgb[k], dBeta[k]);
        }
    }

    // ---- fused optimiser updates ----

    // ---- recurrent cells ----

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor act, Tensor hOut, Tensor cOut) {
        int batch = cPrev.size(0), h = cPrev.size(1);
        int[] pg = Indexer.positions(gates), pc = Indexer.positions(cPrev), pa = Indexer.positions(act);
        int[] ph = Indexer.positions(hOut), pco = Indexer.positions(cOut);
        CpuStorage gs = data(gates), cs = data(cPrev), as = data(act), hs = data(hOut), cos = data(cOut);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < h; j++) {
                int row = b * 4 * h + j; // element (b, j) of the input gate; the other gates follow H apart
                double i = sigmoid(gs.getDouble(pg[row])), f = sigmoid(gs.getDouble(pg[row + h]));
                double g = Math.tanh(gs.getDouble(pg[row + 2 * h])), o = sigmoid(gs.getDouble(pg[row + 3 * h]));
                double c = f * cs.getDouble(pc[b * h + j]) + i * g;
                as.setDouble(pa[row], i);
                as.setDouble(pa[row + h], f);
                as.setDouble(pa[row + 2 * h], g);
                as.setDouble(pa[row + 3 * h], o);
                hs.setDouble(ph[b * h + j], o * Math.tanh(c));
                cos.setDouble(pco[b * h + j], c);
            }
        }
    }

    @Override
    public void lstmCellBackward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        int batch = cPrev.size(0), h = cPrev.size(1);
        int[] pa = Indexer.positions(act), pc = Indexer.positions(cPrev), ps = Indexer.positions(c);
        int[] pdh = Indexer.positions(dh), pdc = Indexer.positions(dc), pdg = Indexer.positions(dGates), pdp = Indexer.positions(dcPrev);
        CpuStorage as = data(act), cs = data(cPrev), ss = data(c), dhs = data(dh), dcs = data(dc), dgs = data(dGates), dps = data(dcPrev);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < h; j++) {
                int row = b * 4 * h + j, k = b * h + j;
                double i = as.getDouble(pa[row]), f = as.getDouble(pa[row + h]), g = as.getDouble(pa[row + 2 * h]), o = as.getDouble(pa[row + 3 * h]);
                double tanhC = Math.tanh(ss.getDouble(ps[k])), gradH = dhs.getDouble(pdh[k]);
                double gradC = dcs.getDouble(pdc[k]) + gradH * o * (1 - tanhC * tanhC);
                dgs.setDouble(pdg[row], gradC * g * i * (1 - i));
                dgs.setDouble(pdg[row + h], gradC * cs.getDouble(pc[k]) * f * (1 - f));
                dgs.setDouble(pdg[row + 2 * h], gradC * i * (1 - g * g));
                dgs.setDouble(pdg[row + 3 * h], gradH * tanhC * o * (1 - o));
                dps.setDouble(pdp[k], gradC * f);
            }
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, double beta1, double beta2, double stepSize,
                         double sqrtBiasCorrection2, double eps, double l2, double decoupledDecay) {
        int[] pp = Indexer.positions(param), pg = Indexer.positions(grad), pm = Indexer.positions(m), pv = Indexer.positions(v);
        CpuStorage ps = data(param), gs = data(grad), ms = data(m), vs = data(v);
        for (int i = 0; i < pp.length; i++) {
            double p = ps.getDouble(pp[i]);
            double g = gs.getDouble(pg[i]) + l2 * p;
            double mi = flushSubnormal(beta1 * ms.getDouble(pm[i]) + (1 - beta1) * g);
            double vi = flushSubnormal(beta2 * vs.getDouble(pv[i]) + (1 - beta2) * g * g);
            ms.setDouble(pm[i], mi);
            vs.setDouble(pv[i], vi);
            ps.setDouble(pp[i], p * (1 - decoupledDecay) - stepSize * mi / (Math.sqrt(vi) / sqrtBiasCorrection2 + eps));
        }
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAverage, double alpha, double lr, double eps, double l2) {
        int[] pp = Indexer.positions(param), pg = Indexer.positions(grad), pa = Indexer.positions(squareAverage);
        CpuStorage ps = data(param), gs = data(grad), as = data(squareAverage);
        for (int i = 0; i < pp.length; i++) {
            double p = ps.getDouble(pp[i]);
            double g = gs.getDouble(pg[i]) + l2 * p;
            double s = flushSubnormal(alpha * as.getDouble(pa[i]) + (1 - alpha) * g * g);
            as.setDouble(pa[i], s);
            ps.setDouble(pp[i], p - lr * g / (Math.sqrt(s) + eps));
        }
    }

    /** Optimiser state below the smallest normal float becomes zero (see Backend.adamStep). */
    private static double flushSubnormal(double x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0 : x;
    }

    // ---- random ----

    @Override
    public void fillUniform(Tensor out, double low, double high, Generator generator) {
        CpuStorage os = data(out);
        for (int p : Indexer.positions(out)) os.setDouble(p, low + (high - low) * generator.nextDouble());
    }

    @Override
    public void fillNormal(Tensor out, double mean, double std, Generator generator) {
        CpuStorage os = data(out);
        for (int p : Indexer.positions(out)) os.setDouble(p, mean + std * generator.nextGaussian());
    }

    @Override
    public void fillBernoulli(Tensor out, double p, Generator generator) {
        CpuStorage os = data(out);
        for (int position : Indexer.positions(out)) os.setDouble(position, generator.nextDouble() < p ? 1 : 0);
    }
}
