package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;

import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

/**
 * Convolutions of wide kernels on many channels (the DCGAN's 5x5 layers, the cGAN's 4x4 ones) as a direct, channels-last
 * computation instead of im2col + GEMM. The forward:
 * <ol>
 *   <li>the input is copied once into the GEMM's A-panel order ({@link #tilePanels}): for every pixel and every group of
 *       MR images, the channels in turn with the MR images' values side by side, so that what one kernel tap of
 *       one output pixel needs for MR images is one packed A panel, K = C;</li>
 *   <li>the weights are packed once into panels of NR output channels, [tap][C][NR]: a tap's rows are a B panel;</li>
 *   <li>a tile of MR images at one output pixel × NR output channels is the GEMM's packed tile
 *       ({@link GemmVectorKernel}) once per tap inside the image, each tap's product added to the tile; the taps in the
 *       padding are the same for all MR images and are skipped.</li>
 * </ol>
 * With 128 or 256 output channels each im2col element serves only 128-256 multiply-adds, and writing the
 * im2col rows of a 7x7 map (7 floats at stride 2 per copy) cost about as much as the arithmetic; here no
 * such copy exists. The two gradients: the input gradient (a transposed convolution's forward) by
 * parity classes of input pixels, and the weight gradient (a GEMM whose B panels are packed from the NHWC copy in
 * runs of channels).
 */
final class ChannelsLastConvolution {
    /**
     * The tile: the GEMM's MR x NR packed tile (MR = 5 with AVX2, 6 with 512-bit vectors), its rows MR images at one
     * output pixel, its A panels straight from {@link #tilePanels}.
     */
    private static final GemmMicroKernel KERNEL = GemmVectorKernel.INSTANCE;
    /**
     * Taps per window from which this route is taken: the DCGAN's 5x5 and the cGAN's 4x4 layers (its step 915 -> 813 ms
     * with 4x4 included). Not 3x3: ResNet18's 3x3 stride-2 conv 64 -> 128 on 56x56 ran 27.9 ms on im2col + GEMM and
     * 31.8 ms here (same-JVM A/B, 2026-12-06), and the cGAN's 3x3 stride-2 128 -> 128 on 15x15 was a wash.
     */
    static final int MIN_TAPS = 16;
    /** Input channels from which a tap's run is long enough to pay for the NHWC copy. */
    static final int MIN_CHANNELS = 32;
    /** Output channels from which the panels are full enough (two NR panels at 512 bits). */
    static final int MIN_OUTPUTS = 64;

    private ChannelsLastConvolution() {
    }

    static boolean appliesToForward(ConvGeometry g, int c, int o) {
        return Simd.enabled() && g.dilationH() == 1 && g.dilationW() == 1 && g.kernelH() * g.kernelW() >= MIN_TAPS
                && c >= MIN_CHANNELS && o >= MIN_OUTPUTS;
    }

    /** out [n, o, oh, ow] (NCHW, at outOffset) = conv(x [n, c, h, wd], w [o, c, kh, kw]) with g's stride and padding. */
    static void forward(float[] x, int xOffset, float[] w, int wOffset, int n, int c, int h, int wd, int o, ConvGeometry g,
                        float[] out, int outOffset) {
        int kh = g.kernelH(), kw = g.kernelW(), taps = kh * kw, oh = g.outH(h), ow = g.outW(wd), pixels = oh * ow, plane = h * wd;
        // 1. the input as tile panels: MR images side by side, channel after channel, for every pixel
        float[] xt = tilePanels(x, xOffset, n, c, plane);
        // 2. the weights as panels of NR output channels: panel q, tap t, channel ch, lane j
        int[] allTaps = new int[taps];
        for (int t = 0; t < taps; t++) allTaps[t] = t;
        float[] wp = panels(w, wOffset, o, c, taps, allTaps, false);
        // 3. register tiles of MR images at one output pixel x NR output channels, over the taps inside the image
        float[] rowsOut = new float[n * pixels * o]; // [pixel][image][o]
        tiles(pixels, n, taps, c, o, xt, wp, (p, t) -> {
            int iy = p / ow * g.strideH() - g.padH() + t / kw, ix = p % ow * g.strideW() - g.padW() + t % kw;
            return iy >= 0 && iy < h && ix >= 0 && ix < wd ? iy * wd + ix : -1;
        }, rowsOut);
        toChannelsFirst(rowsOut, n, o, pixels, null, out, outOffset, pixels);
    }

    /**
     * rows [pixel][image][channel] (pixels of a class) to dst's NCHW: pixel p of image img goes to
     * dst[offset + (img channels + ch) plane + (at == null ? p : at[p])].
     */
    private static void toChannelsFirst(float[] rows, int n, int channels, int pixels, int[] at, float[] dst, int offset, int plane) {
        Parallel.forRange(n, 1, (first, end) -> {
            for (int img = first; img < end; img++) {
                for (int p = 0; p < pixels; p++) {
                    int from = (p * n + img) * channels, to = offset + img * channels * plane + (at == null ? p : at[p]);
                    for (int ch = 0; ch < channels; ch++) dst[to + ch * plane] = rows[from + ch];
                }
            }
        });
    }

    /**
     * Channels moved together by {@link #channelsLast} and {@link #tilePanels}, whose loops are written out for eight. The other direction,
     * {@link #toChannelsFirst}, stays one pixel at a time: consecutive pixels of one image lie n x channels floats apart
     * in its rows, and eight channels at a time over all pixels read each of their lines once per group of eight
     * (7.1 -> 9.9 ms on [64, 128, 28 x 28]).
     */
    private static final int TRANSPOSE_RUN = 8;

    /** Where tap t of output pixel p reads: a pixel of the source (the input, or the output gradient), or -1 outside it. */
    private interface TapSource {
        int pixel(int p, int t);
    }

    /**
     * Weight panels for the direct tiles: for each panel q of NR outputs, [tap][depth][NR] with the taps listed in
     * {@code taps} (indices into w's kh kw), zero-padded past the last output. w is [outputs, depth, kh kw], or with
     * {@code swap} [depth, outputs, kh kw] (a convolution's weight read for its input gradient).
     */
    private static float[] panels(float[] w, int wOffset, int outputs, int depth, int kernelTaps, int[] taps, boolean swap) {
        int count = (outputs + NR - 1) / NR, size = taps.length * depth * NR;
        float[] wp = new float[count * size];
        for (int out0 = 0; out0 < outputs; out0++) {
            int q = out0 / NR, j = out0 % NR;
            for (int d = 0; d < depth; d++) {
                int from = wOffset + (swap ? d * outputs + out0 : out0 * depth + d) * kernelTaps;
                for (int t = 0; t < taps.length; t++) wp[q * size + (t * depth + d) * NR + j] = w[from + taps[t]];
            }
        }
        return wp;
    }

    /**
     * The shared loop: tiles of MR images at one output pixel x NR output channels, each the sum over the taps inside
     * the source (the same for all MR images) of the GEMM's packed tile, K = depth: the tap's A panel is where
     * {@link #tilePanels} put those images' values at the tap's source pixel, its B panel the tap's rows of the weight
     * panel. Stored to out [pixel][image][outputs]. The tiles go in groups whose input panels fit in L2
     * ({@link #GROUP_BYTES}), every panel of weights over one group before the next.
     */
    private static void tiles(int pixels, int n, int taps, int depth, int outputs, float[] source, float[] wp, TapSource tapSource,
                              float[] out) {
        int imageGroups = (n + MR - 1) / MR, tileCount = pixels * imageGroups;
        int panelCount = (outputs + NR - 1) / NR, panelSize = taps * depth * NR;
        int group = (int) Math.max(1, Math.min(tileCount, GROUP_BYTES / (4L * taps * MR * depth)));
        Parallel.forRange(tileCount, 16, (first, end) -> {
            int[][] bases = new int[group][taps]; // each tile's A panel per tap, -1 for a tap outside the source
            float[] sums = new float[MR * NR];
            for (int g0 = first; g0 < end; g0 += group) {
                int g1 = Math.min(end, g0 + group);
                for (int t0 = g0; t0 < g1; t0++) {
                    int p = t0 / imageGroups, images = t0 % imageGroups;
                    for (int t = 0; t < taps; t++) {
                        int from = tapSource.pixel(p, t);
                        bases[t0 - g0][t] = from < 0 ? -1 : (from * imageGroups + images) * depth * MR;
                    }
                }
                for (int q = 0; q < panelCount; q++) { // one weight panel at a time stays in L2 while the group's tiles pass
                    int channels = Math.min(NR, outputs - q * NR);
                    for (int t0 = g0; t0 < g1; t0++) {
                        int[] at = bases[t0 - g0];
                        boolean started = false;
                        for (int t = 0; t < taps; t++) {
                            if (at[t] < 0) continue;
                            KERNEL.multiply(depth, source, at[t], wp, q * panelSize + t * depth * NR, NR, sums, 0, NR, MR, NR, started);
                            started = true;
                        }
                        if (!started) java.util.Arrays.fill(sums, 0f);
                        int p = t0 / imageGroups, image0 = t0 % imageGroups * MR;
                        for (int r = 0; r < MR && image0 + r < n; r++) {
                            System.arraycopy(sums, r * NR, out, (p * n + image0 + r) * outputs + q * NR, channels);
                        }
                    }
                }
            }
        });
    }

    /** Bytes of input runs that one group of tiles reads (at most: all taps inside), half of a 512 KiB L2. */
    static final long GROUP_BYTES = 256 * 1024;

    /**
     * Whether the input gradient runs here (also a transposed convolution's forward): the forward's condition with the
     * channel counts swapped, since the output gradients' o channels are then what each tap reads.
     */
    static boolean appliesToInputGradient(ConvGeometry g, int c, int o) {
        return appliesToForward(g, o, c);
    }

    /**
     * gradInput [n, c, h, wd] = the sum, over the output pixels whose windows saw an input pixel, of their gradients
     * times the tap's weights. Input pixel (iy, ix) was seen by tap ky of output row oy exactly when iy + padH - ky =
     * oy strideH, so the pixels whose iy has the same remainder modulo the stride (a parity class: one at stride 1,
     * where this is the forward of the flipped kernel, four at stride 2) gather from the same taps, ky = (iy + padH)
     * mod strideH, then every strideH-th. Each class is a direct tile pass over the output gradients (NHWC copy, o
     * values per run) with its own taps, instead of a GEMM into columns that col2im adds up.
     */
    static void backwardInput(float[] gs, int gOffset, float[] w, int wOffset, int n, int c, int h, int wd, int o, ConvGeometry g,
                              float[] gradInput, int giOffset) {
        int kh = g.kernelH(), kw = g.kernelW(), sh = g.strideH(), sw = g.strideW(), oh = g.outH(h), ow = g.outW(wd), plane = h * wd;
        float[] gt = tilePanels(gs, gOffset, n, o, oh * ow);
        for (int ry = 0; ry < Math.min(sh, h); ry++) {
            for (int rx = 0; rx < Math.min(sw, wd); rx++) {
                int firstKy = Math.floorMod(ry + g.padH(), sh), firstKx = Math.floorMod(rx + g.padW(), sw);
                int tapsY = firstKy < kh ? (kh - firstKy + sh - 1) / sh : 0, tapsX = firstKx < kw ? (kw - firstKx + sw - 1) / sw : 0;
                int classH = (h - ry + sh - 1) / sh, classW = (wd - rx + sw - 1) / sw, classPixels = classH * classW;
                int fy = ry, fx = rx; // the class's first row and column, for the lambdas below
                if (tapsY == 0 || tapsX == 0) { // no tap ever saw these pixels
                    for (int img = 0; img < n; img++) {
                        for (int ch = 0; ch < c; ch++) {
                            for (int iy = fy; iy < h; iy += sh) {
                                for (int ix = fx; ix < wd; ix += sw) gradInput[giOffset + (img * c + ch) * plane + iy * wd + ix] = 0f;
                            }
                        }
                    }
                    continue;
                }
                int[] taps = new int[tapsY * tapsX];
                for (int a = 0; a < tapsY; a++) {
                    for (int b = 0; b < tapsX; b++) taps[a * tapsX + b] = (firstKy + a * sh) * kw + firstKx + b * sw;
                }
                float[] wp = panels(w, wOffset, c, o, kh * kw, taps, true);
                float[] rowsOut = new float[n * classPixels * c]; // [class pixel][image][c], rows pixel-major as in the forward
                tiles(classPixels, n, taps.length, o, c, gt, wp, (p, t) -> {
                    int iy = fy + p / classW * sh, ix = fx + p % classW * sw;
                    int sy = iy + g.padH() - firstKy - t / tapsX * sh, sx = ix + g.padW() - firstKx - t % tapsX * sw;
                    // sy = oy sh exactly (the class makes it a multiple of sh)
                    return sy >= 0 && sy / sh < oh && sx >= 0 && sx / sw < ow ? sy / sh * ow + sx / sw : -1;
                }, rowsOut);
                int[] at = new int[classPixels];
                for (int p = 0; p < classPixels; p++) at[p] = (fy + p / classW * sh) * wd + fx + p % classW * sw;
                toChannelsFirst(rowsOut, n, c, classPixels, at, gradInput, giOffset, plane);
            }
        }
    }

    /**
     * x [n, c, plane] (NCHW) as the tiles' A panels: for each pixel p and group of MR images (the last group padded
     * with zero images), the channels in turn, each holding the MR images' values side by side, at ((p groups +
     * group) c + ch) MR + r. That is the GEMM's packed A panel for the MR images at pixel p, K = c, so a tile reads
     * every tap through one index, as the GEMM's tile does. Read eight channels at a time, as in {@link #channelsLast}.
     */
    private static float[] tilePanels(float[] x, int xOffset, int n, int c, int plane) {
        int groups = (n + MR - 1) / MR, pixelStride = groups * c * MR;
        float[] xt = new float[plane * pixelStride];
        Parallel.forRange(n, 1, (first, end) -> {
            for (int img = first; img < end; img++) {
                int to0 = img / MR * c * MR + img % MR, ch = 0;
                for (; ch + TRANSPOSE_RUN <= c; ch += TRANSPOSE_RUN) {
                    int from = xOffset + (img * c + ch) * plane;
                    for (int p = 0, to = to0 + ch * MR; p < plane; p++, to += pixelStride) {
                        int q = from + p;
                        xt[to] = x[q];
                        xt[to + MR] = x[q + plane];
                        xt[to + 2 * MR] = x[q + 2 * plane];
                        xt[to + 3 * MR] = x[q + 3 * plane];
                        xt[to + 4 * MR] = x[q + 4 * plane];
                        xt[to + 5 * MR] = x[q + 5 * plane];
                        xt[to + 6 * MR] = x[q + 6 * plane];
                        xt[to + 7 * MR] = x[q + 7 * plane];
                    }
                }
                for (; ch < c; ch++) {
                    int from = xOffset + (img * c + ch) * plane, to = to0 + ch * MR;
                    for (int p = 0; p < plane; p++) xt[to + p * pixelStride] = x[from + p];
                }
            }
        });
        return xt;
    }

    /** x [n, c, plane] (NCHW) as [n, plane, c] followed by one row of c zeros (where padded taps read). */
    private static float[] channelsLast(float[] x, int xOffset, int n, int c, int plane) {
        float[] xh = new float[n * plane * c + c];
        Parallel.forRange(n, 1, (first, end) -> {
            for (int img = first; img < end; img++) {
                int ch = 0;
                // eight channels at a time: eight read streams, eight neighbouring writes per pixel. One channel at a
                // time, writing one value per pixel row, took (one thread, a probe on Zen 3) 3.1 ms against 1.5-1.9 for
                // [64, 128, 14 x 14], 13.3 against 7.1-7.7 for [64, 128, 28 x 28], 13.1 against 7.2 for [256, 128,
                // 14 x 14], 14.8 against 11.9 for [256, 64, 28 x 28]; [128, 257, 7 x 7] even.
                for (; ch + TRANSPOSE_RUN <= c; ch += TRANSPOSE_RUN) {
                    int from = xOffset + (img * c + ch) * plane;
                    for (int p = 0, to = img * plane * c + ch; p < plane; p++, to += c) {
                        int q = from + p;
                        xh[to] = x[q];
                        xh[to + 1] = x[q + plane];
                        xh[to + 2] = x[q + 2 * plane];
                        xh[to + 3] = x[q + 3 * plane];
                        xh[to + 4] = x[q + 4 * plane];
                        xh[to + 5] = x[q + 5 * plane];
                        xh[to + 6] = x[q + 6 * plane];
                        xh[to + 7] = x[q + 7 * plane];
                    }
                }
                for (; ch < c; ch++) {
                    int from = xOffset + (img * c + ch) * plane, to = img * plane * c + ch;
                    for (int p = 0; p < plane; p++) xh[to + p * c] = x[from + p];
                }
            }
        });
        return xh;
    }

    /** Whether the weight gradient runs here: the same shapes as the forward. */
    static boolean appliesToWeightGradient(ConvGeometry g, int c, int o) {
        return appliesToForward(g, c, o);
    }

    /**
     * gradWeight [o, c, kh, kw] = sum over images n and output pixels p of gradOut[n, o, p] x[n, c, tap t of p's window]:
     * a GEMM of M = o, N = taps c, K = n pixels whose B panels (KC rows x NR columns of (tap, channel)) are packed
     * straight from the NHWC copy, where a tap's channels are a contiguous run. Threads split the columns. K runs
     * pixel-major (one pixel of every image, then the next), so that a block of KC rows covers one or two pixels and a
     * tap in the padding for all of them contributes nothing: its column panels are neither packed nor multiplied.
     */
    static void backwardWeight(float[] x, int xOffset, float[] gs, int gOffset, int n, int c, int h, int wd, int o, ConvGeometry g,
                               float[] gradWeight, int gwOffset) {
        int kh = g.kernelH(), kw = g.kernelW(), taps = kh * kw, oh = g.outH(h), ow = g.outW(wd), pixels = oh * ow, plane = h * wd;
        int rows = n * pixels, columns = taps * c, kc0 = GemmBlocked.KC;
        float[] xh = channelsLast(x, xOffset, n, c, plane);
        float[] gh = channelsLast(gs, gOffset, n, o, pixels); // [image][pixel][o]: an A panel's MR outputs are a run
        int zeroRow = n * plane * c;
        float[] product = new float[o * columns]; // [o][tap][c], summed over the K blocks (a skipped block adds nothing)
        GemmMicroKernel kernel = Gemm.kernel();
        int panelCount = (columns + NR - 1) / NR;
        Parallel.forRange(panelCount, 1, (firstPanel, endPanel) -> {
            int colStart = firstPanel * NR, colEnd = Math.min(columns, endPanel * NR), width = colEnd - colStart;
            float[] aPacked = new float[GemmBlocked.roundUp(o, MR) * kc0];
            float[] bPacked = new float[GemmBlocked.roundUp(width, NR) * kc0];
            boolean[] tapInside = new boolean[taps], panelLive = new boolean[(width + NR - 1) / NR], tapNeeded = new boolean[taps];
            for (int k0 = 0; k0 < rows; k0 += kc0) {
                int kc = Math.min(kc0, rows - k0);
                // the taps some row of this block reads inside the image (rows are pixel-major: only the block's pixels matter)
                java.util.Arrays.fill(tapInside, false);
                for (int pix = k0 / n; pix <= (k0 + kc - 1) / n; pix++) {
                    int iy0 = pix / ow * g.strideH() - g.padH(), ix0 = pix % ow * g.strideW() - g.padW();
                    for (int t = 0; t < taps; t++) {
                        int iy = iy0 + t / kw, ix = ix0 + t % kw;
                        tapInside[t] |= iy >= 0 && iy < h && ix >= 0 && ix < wd;
                    }
                }
                // the column panels with a tap inside are multiplied; a tap is packed when one of its panels is (zeros included)
                boolean anyLive = false;
                java.util.Arrays.fill(tapNeeded, false);
                for (int q = 0; q < panelLive.length; q++) {
                    int from = colStart + q * NR, to = Math.min(colEnd, from + NR);
                    boolean live = false;
                    for (int t = from / c; t * c < to; t++) live |= tapInside[t];
                    panelLive[q] = live;
                    anyLive |= live;
                    if (live) for (int t = from / c; t * c < to; t++) tapNeeded[t] = true;
                }
                if (!anyLive) continue;
                // A = gradOut as [o, rows], MR outputs per panel, zero rows past o
                for (int s0 = 0; s0 < o; s0 += MR) {
                    int height = Math.min(MR, o - s0), panel = s0 * kc;
                    for (int p = 0; p < kc; p++) {
                        int row = k0 + p, at = ((row % n) * pixels + row / n) * o + s0, to = panel + p * MR;
                        System.arraycopy(gh, at, aPacked, to, height);
                        for (int r = height; r < MR; r++) aPacked[to + r] = 0f;
                    }
                }
                // B = the windows' values, row (pixel, image), column (tap, channel): each tap's channels are a run in the
                // NHWC copy, copied in pieces that end at panel borders (the edge panel's padding columns are never read
                // into C, so they are not cleared); a panel with no tap inside is skipped, so its taps are not copied
                for (int p = 0; p < kc; p++) {
                    int row = k0 + p, img = row % n, pix = row / n;
                    int iy0 = pix / ow * g.strideH() - g.padH(), ix0 = pix % ow * g.strideW() - g.padW();
                    for (int t = colStart / c; t * c < colEnd; t++) {
                        if (!tapNeeded[t]) continue; // only skipped panels hold it
                        int j = Math.max(colStart, t * c), stop = Math.min(colEnd, (t + 1) * c);
                        int iy = iy0 + t / kw, ix = ix0 + t % kw;
                        int base = iy >= 0 && iy < h && ix >= 0 && ix < wd ? ((img * h + iy) * wd + ix) * c : zeroRow;
                        while (j < stop) {
                            int local = j - colStart, within = local % NR, length = Math.min(NR - within, stop - j);
                            System.arraycopy(xh, base + j - t * c, bPacked, (local - within) * kc + p * NR + within, length);
                            j += length;
                        }
                    }
                }
                for (int q = 0; q * NR < width; q++) {
                    if (!panelLive[q]) continue;
                    for (int s0 = 0; s0 < o; s0 += MR) {
                        kernel.multiply(kc, aPacked, s0 * kc, bPacked, q * NR * kc, NR, product, s0 * columns + colStart + q * NR, columns,
                                Math.min(MR, o - s0), Math.min(NR, width - q * NR), true);
                    }
                }
            }
        });
        for (int oo = 0; oo < o; oo++) { // [o][tap][c] -> [o][c][tap]
            for (int t = 0; t < taps; t++) {
                for (int ch = 0; ch < c; ch++) gradWeight[gwOffset + (oo * c + ch) * taps + t] = product[(oo * taps + t) * c + ch];
            }
        }
    }
}
