package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;

import java.util.Arrays;

import static dev.tensorj.cpu.ConvWorkspace.forImages;
import static dev.tensorj.cpu.ConvWorkspace.scratch;
import static dev.tensorj.cpu.ConvWorkspace.sumOverImages;
import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

/**
 * Stride-1 convolutions with a short im2col matrix (K = C kH kW at most {@link #MAX_DEPTH}: all three
 * passes of C1's conv 1→6 and 6→10, the weight gradient of C2's and the autoencoder's first layers) as an
 * <em>implicit</em> GEMM: the im2col matrix is never written; its rows are read straight out of the
 * (zero-padded) image.
 *
 * <p>The trick is to compute a <em>wide</em> output: for every output row y all Wp columns of the
 * padded image, not only the outW = Wp - dW (kW - 1) where the window fits. Column q = y Wp + x of
 * the wide output sees, at kernel tap (c, i, j), the pixel
 * <pre>
 *   xpad[c, y + dH i, x + dW j] = xpad_flat[c Hp Wp + dH i Wp + dW j + q]
 * </pre>
 * so row (c, i, j) of the wide im2col matrix is the flat padded image <em>shifted</em> by
 * {@code rowOffsets[(c, i, j)] = c Hp Wp + dH i Wp + dW j}. The GEMM's micro-kernel
 * ({@link ImplicitGemmKernels#multiply}) reads B through that table instead of a fixed row stride.
 * The dW (kW - 1) extra columns per row (2 of 13 for a 3x3 kernel on C1's 13 x 13) are computed and
 * dropped; for C1's conv 6→10 im2col had cost more time than the GEMM after it.
 * <pre>
 *   forward:          wide_b [O, Q]  = W [O, K] . B_b [K, Q]        then out_b = the first outW of every Wp columns
 *   backward-input:   the forward of the output gradient, padded by dH (kH - 1) - pad, with W flipped and
 *                     its two channel axes swapped (dx[u] = Σ_i g[u - i] w[i] is a correlation with the
 *                     kernel reversed)
 *   backward-weight:  dW [O, K]      = Σ_b G_b [O, Q] . B_b [K, Q]ᵀ  with G_b the output gradient spread
 *                     to the wide layout, zero in the dropped columns (so they add nothing to a finite sum)
 * </pre>
 * Q is the wide output's length rounded up to whole 16-column tiles; the padded image has Q minus that
 * length zeros of slack behind it, so that every shifted row can be read Q long. Images are spread over the
 * threads. Runs with the Vector API only (the kernels are in {@link ImplicitGemmKernels}); without it,
 * {@link CpuConvolution}'s im2col route takes these shapes.
 */
final class ImplicitGemmConvolution {
    /**
     * Longest im2col column (C kH kW): a B tile of K shifted rows x NR floats must stay in L1 (128 x 2 lines
     * = 16 KiB with 256-bit vectors, 128 x 3 lines = 24 KiB with 512-bit ones).
     */
    static final int MAX_DEPTH = 128;

    private ImplicitGemmConvolution() {
    }

    /**
     * Whether this kernel takes the forward of a convolution: stride 1, K = C kH kW at most
     * {@link #MAX_DEPTH}, and O at most K. The wide output goes to a scratch array and is then
     * compacted, one more pass over the output, which pays only while the output is no larger than the
     * im2col matrix it saves: C2's conv 1→112 (K = 9) measured 10 % slower this way (6.7 vs 6.1 ms).
     */
    static boolean appliesToForward(ConvGeometry g, int batch, int inChannels, int outChannels) {
        int k = inChannels * g.kernelH() * g.kernelW();
        return fits(g, batch, k) && outChannels <= k;
    }

    /**
     * Whether it takes the input gradient: the forward of the flipped kernel over O channels (so the
     * same test with C and O swapped), and a padding no larger than the kernel's reach, d (k - 1).
     */
    static boolean appliesToInputGradient(ConvGeometry g, int batch, int inChannels, int outChannels) {
        return appliesToForward(g, batch, outChannels, inChannels)
                && g.padH() <= g.dilationH() * (g.kernelH() - 1) && g.padW() <= g.dilationW() * (g.kernelW() - 1);
    }

    /**
     * Whether it takes the weight gradient: no output to compact, so stride 1 and K at most
     * {@link #MAX_DEPTH} suffice. The wide layout multiplies the pixels a tap never sees by a zero
     * gradient, and 0 times an infinite pixel is NaN where the reference has no term at all; an input with
     * an infinite or NaN value therefore takes the im2col route ({@code x}: the input's values).
     */
    static boolean appliesToWeightGradient(ConvGeometry g, int batch, int inChannels, float[] x, int xOffset, int xSize) {
        return fits(g, batch, inChannels * g.kernelH() * g.kernelW()) && ImplicitGemmKernels.allFinite(x, xOffset, xSize);
    }

    /** Stride 1, a short K, a batch that gives every thread an image, and the SIMD kernels. */
    private static boolean fits(ConvGeometry g, int batch, int k) {
        return g.strideH() == 1 && g.strideW() == 1 && k <= MAX_DEPTH
                && batch >= Parallel.threads() && Simd.enabled() && Gemm.kernel() != GemmScalarKernel.INSTANCE;
    }

    /** The layout of one zero-padded image, its wide output and the shifted rows that make up B. */
    record Plan(int c, int h, int w, int padH, int padW, int hp, int wp, int outH, int outW,
                int columns, int imageFloats, int[] rowOffsets) {

        static Plan of(int c, int h, int w, ConvGeometry g) {
            int hp = h + 2 * g.padH(), wp = w + 2 * g.padW();
            int outH = hp - g.dilationH() * (g.kernelH() - 1), outW = wp - g.dilationW() * (g.kernelW() - 1);
            int wide = (outH - 1) * wp + outW;  // the last row needs no columns past outW
            int columns = GemmBlocked.roundUp(wide, NR);
            int kk = g.kernelH() * g.kernelW();
            int[] rowOffsets = new int[c * kk];
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < g.kernelH(); i++) {
                    for (int j = 0; j < g.kernelW(); j++) {
                        rowOffsets[ch * kk + i * g.kernelW() + j] = ch * hp * wp + i * g.dilationH() * wp + j * g.dilationW();
                    }
                }
            }
            // The last row, (C-1, kH-1, kW-1), read Q long ends columns - wide floats past the image: zero slack.
            return new Plan(c, h, w, g.padH(), g.padW(), hp, wp, outH, outW, columns,
                    c * hp * wp + columns - wide, rowOffsets);
        }

        int depth() {
            return rowOffsets.length;
        }

        /** Copies image {@code x[at..]} (C x H x W) into {@code image} with its zero border and slack. */
        void pad(float[] x, int at, float[] image) {
            if (padH == 0 && padW == 0) {
                System.arraycopy(x, at, image, 0, c * h * w);
                Arrays.fill(image, c * h * w, imageFloats, 0f);
                return;
            }
            Arrays.fill(image, 0, imageFloats, 0f);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    System.arraycopy(x, at + (ch * h + y) * w, image, (ch * hp + y + padH) * wp + padW, w);
                }
            }
        }

        /** out[at..] = the o channels [outH, outW] of a wide output (rows {@code columns} apart): the first outW of every Wp columns. */
        void compact(float[] wide, int o, float[] out, int at) {
            for (int oc = 0; oc < o; oc++) {
                for (int y = 0; y < outH; y++) System.arraycopy(wide, oc * columns + y * wp, out, at + (oc * outH + y) * outW, outW);
            }
        }

        /** The inverse of {@link #compact}: spreads o channels [outH, outW] from g[at..] to the wide layout, leaving its other columns as they are. */
        void spread(float[] g, int at, int o, float[] wide) {
            for (int oc = 0; oc < o; oc++) {
                for (int y = 0; y < outH; y++) System.arraycopy(g, at + (oc * outH + y) * outW, wide, oc * columns + y * wp, outW);
            }
        }
    }

    static void forward(float[] x, int xOffset, float[] weight, int wOffset, int n, int c, int h, int w, int o, ConvGeometry g,
                        float[] out, int outOffset) {
        convolve(x, xOffset, weight, wOffset, n, o, Plan.of(c, h, w, g), out, outOffset);
    }

    /**
     * out_b = W [O, K] * B_b for the n images of x, with W row-major at weight[wOffset..] and the
     * outputs [O, outH, outW] one after the other from out[outOffset].
     */
    private static void convolve(float[] x, int xOffset, float[] weight, int wOffset, int n, int o, Plan p, float[] out, int outOffset) {
        int k = p.depth(), imageIn = p.c * p.h * p.w, imageOut = o * p.outH * p.outW;
        forImages(n, (first, last) -> {
            int rows = GemmBlocked.roundUp(o, MR); // the last tile's rows past O land in the scratch and are dropped
            float[] image = scratch(0, p.imageFloats), wide = scratch(1, rows * p.columns), packed = scratch(2, rows * k);
            GemmPacking.packA(new GemmOperand(weight, wOffset, k, 1), 0, o, 0, k, packed); // once per thread: the same W for every image
            for (int b = first; b < last; b++) {
                p.pad(x, xOffset + b * imageIn, image);
                for (int jr = 0; jr < p.columns; jr += NR) {
                    for (int ir = 0; ir < o; ir += MR) {
                        ImplicitGemmKernels.multiply(k, packed, ir * k, image, jr, p.rowOffsets, wide, ir * p.columns + jr, p.columns);
                    }
                }
                p.compact(wide, o, out, outOffset + b * imageOut);
            }
        });
    }

    /**
     * dx = the forward, over the output gradient padded by d (k - 1) - pad, of the kernel flipped in
     * both spatial axes with its channel axes swapped: W'[c, o, i, j] = W[o, c, kH-1-i, kW-1-j].
     * (In one dimension y[t] = Σ_i w[i] x[t + i] gives dx[u] = Σ_i g[u - i] w[i]: a correlation of
     * the gradient with the reversed kernel, reaching k - 1 past each end.)
     */
    static void backwardInput(float[] grad, int gOffset, float[] weight, int wOffset, int n, int c, int h, int w, int o, ConvGeometry g,
                              float[] dx, int dxOffset) {
        int kh = g.kernelH(), kw = g.kernelW(), kk = kh * kw;
        float[] flipped = new float[c * o * kk];
        for (int oc = 0; oc < o; oc++) {
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < kk; t++) flipped[(ch * o + oc) * kk + (kk - 1 - t)] = weight[wOffset + (oc * c + ch) * kk + t];
            }
        }
        ConvGeometry full = new ConvGeometry(kh, kw, 1, 1, g.dilationH() * (kh - 1) - g.padH(), g.dilationW() * (kw - 1) - g.padW(),
                g.dilationH(), g.dilationW());
        convolve(grad, gOffset, flipped, 0, n, c, Plan.of(o, g.outH(h), g.outW(w), full), dx, dxOffset);
    }

    /** dW [O, K] = Σ_b G_b . B_bᵀ, as partial sums per thread added in order (see {@link ConvWorkspace#sumOverImages}). */
    static void backwardWeight(float[] x, int xOffset, float[] grad, int gOffset, int n, int c, int h, int w, int o, ConvGeometry g,
                               float[] dw, int dwOffset) {
        Plan p = Plan.of(c, h, w, g);
        int k = p.depth(), imageIn = c * h * w, imageOut = o * p.outH * p.outW;
        int rows = GemmBlocked.roundUp(o, ImplicitGemmKernels.DOT_ROWS);
        // B rows in tiles of DOT_COLUMNS; the missing ones of the last tile repeat row 0 (read, never stored)
        int[] offsets = Arrays.copyOf(p.rowOffsets, GemmBlocked.roundUp(k, ImplicitGemmKernels.DOT_COLUMNS));
        float[] total = sumOverImages(n, o * k, (first, last, sum) -> {
            float[] image = scratch(0, p.imageFloats), wide = scratch(1, rows * p.columns);
            float[] lanes = scratch(2, ImplicitGemmKernels.partialFloats(rows, offsets.length));
            Arrays.fill(wide, 0, rows * p.columns, 0f); // the dropped columns and the padding rows stay zero
            Arrays.fill(lanes, 0, ImplicitGemmKernels.partialFloats(rows, offsets.length), 0f);
            for (int b = first; b < last; b++) {
                p.pad(x, xOffset + b * imageIn, image);
                p.spread(grad, gOffset + b * imageOut, o, wide);
                ImplicitGemmKernels.accumulateProducts(wide, rows, p.columns, image, offsets, lanes);
            }
            ImplicitGemmKernels.sumLanes(lanes, rows, offsets.length, o, k, sum);
        });
        System.arraycopy(total, 0, dw, dwOffset, o * k);
    }
}
