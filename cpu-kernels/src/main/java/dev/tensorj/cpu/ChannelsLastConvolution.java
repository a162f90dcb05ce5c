package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

/**
 * Convolutions of wide kernels on many channels (the DCGAN's 5x5 layers, the cGAN's 4x4 ones) as a direct, channels-last
 * computation instead of im2col + GEMM. The forward:
 * <ol>
 *   <li>the input is copied once to NHWC, so that the C values one kernel tap of one output pixel needs
 *       are a contiguous run, followed by a row of C zeros that padded taps read;</li>
 *   <li>the weights are packed once into panels of NR output channels, [tap][C][NR];</li>
 *   <li>a register tile of ROWS output pixels × NR output channels (2 ROWS vectors, as in the GEMM's
 *       {@link GemmVectorKernel}) sums, for every tap and channel, the ROWS pixels' input values broadcast
 *       against a row of the weight panel: the GEMM's micro-kernel with its A panel read in place through
 *       ROWS row offsets, one per pixel of the tile.</li>
 * </ol>
 * With 128 or 256 output channels each im2col element serves only 128-256 multiply-adds, and writing the
 * im2col rows of a 7x7 map (7 floats at stride 2 per copy) cost about as much as the arithmetic; here no
 * such copy exists. The two gradients: the input gradient (a transposed convolution's forward) by
 * parity classes of input pixels, and the weight gradient (a GEMM whose B panels are packed from the NHWC copy in
 * runs of channels).
 */
final class ChannelsLastConvolution {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int V = S.length();
    /**
     * Rows (output pixels) of the direct tile: 6 with 512-bit vectors, as the GEMM's MR, but 4 on AVX2, not the GEMM's 5:
     * with five rows, ten accumulators, two weight vectors and the broadcasts leave C2 no room, and it kept accumulators
     * on the stack. Measured on one Zen 3 core with a probe of the tile alone (64 and 128 channels, 25 taps): 35
     * GFLOP/s with five rows, 87-90 with four.
     */
    static final int ROWS = MR == 6 ? 6 : 4;
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
        // 1. the input channels-last, then one row of c zeros
        float[] xh = channelsLast(x, xOffset, n, c, plane);
        int zeroRow = n * plane * c;
        // 2. the weights as panels of NR output channels: panel q, tap t, channel ch, lane j
        int[] allTaps = new int[taps];
        for (int t = 0; t < taps; t++) allTaps[t] = t;
        float[] wp = panels(w, wOffset, o, c, taps, allTaps, false);
        // 3. register tiles of ROWS output rows x NR output channels; a row is (pixel, image), pixel-major, so that a tile's
        //    rows are one pixel of ROWS images, whose windows share their padded taps, which the tile then skips
        float[] rowsOut = new float[n * pixels * o]; // [pixel][image][o]
        tiles(n * pixels, taps, c, o, xh, wp, (row, r, bases) -> {
            int p = row / n, img = row % n, iy0 = p / ow * g.strideH() - g.padH(), ix0 = p % ow * g.strideW() - g.padW();
            for (int ky = 0; ky < kh; ky++) {
                int iy = iy0 + ky;
                for (int kx = 0; kx < kw; kx++) {
                    int ix = ix0 + kx;
                    bases[(ky * kw + kx) * ROWS + r] = iy >= 0 && iy < h && ix >= 0 && ix < wd ? ((img * h + iy) * wd + ix) * c : zeroRow;
                }
            }
        }, zeroRow, rowsOut);
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
     * Channels moved together by {@link #channelsLast}, whose loop is written out for eight. The other direction,
     * {@link #toChannelsFirst}, stays one pixel at a time: consecutive pixels of one image lie n x channels floats apart
     * in its rows, and eight channels at a time over all pixels read each of their lines once per group of eight
     * (7.1 -> 9.9 ms on [64, 128, 28 x 28]).
     */
    private static final int TRANSPOSE_RUN = 8;

    /** Where the taps of one output row (pixel) read: bases[t ROWS + r] for tap t of the row in slot r of the tile. */
    private interface Windows {
        void fill(int row, int r, int[] bases);
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
     * The shared loop: rows of ROWS output pixels x panels of NR output channels, each tile summing taps x depth
     * products read through the bases that {@code windows} gives, over the taps that some row of the tile reads inside
     * the image (a tap in the padding for all ROWS rows adds nothing and is skipped), then stored to out [rows][outputs].
     * The tiles go in groups whose input runs fit in L2 ({@link #GROUP_BYTES}), every panel of weights over one group
     * before the next: a tile's rows are ROWS images at one pixel, so its runs are far apart in the input and, one
     * panel at a time over all tiles, each run was read from memory again for every panel.
     */
    private static void tiles(int rows, int taps, int depth, int outputs, float[] source, float[] wp, Windows windows, int zeroRow,
                              float[] out) {
        int panelCount = (outputs + NR - 1) / NR, panelSize = taps * depth * NR, tileCount = (rows + ROWS - 1) / ROWS;
        int group = (int) Math.max(1, Math.min(tileCount, GROUP_BYTES / (4L * taps * ROWS * depth)));
        Parallel.forRange(tileCount, 16, (first, end) -> {
            int[][] bases = new int[group][taps * ROWS], active = new int[group][taps];
            int[] counts = new int[group];
            float[] tile = new float[ROWS * NR];
            for (int g0 = first; g0 < end; g0 += group) {
                int g1 = Math.min(end, g0 + group);
                for (int t0 = g0; t0 < g1; t0++) {
                    int[] at = bases[t0 - g0];
                    for (int r = 0; r < ROWS; r++) {
                        int row = t0 * ROWS + r;
                        if (row < rows) {
                            windows.fill(row, r, at);
                        } else {
                            for (int t = 0; t < taps; t++) at[t * ROWS + r] = zeroRow;
                        }
                    }
                    int count = 0; // the taps that some row of this tile reads inside the image
                    for (int t = 0; t < taps; t++) {
                        boolean inside = false;
                        for (int r = 0; r < ROWS; r++) inside |= at[t * ROWS + r] != zeroRow;
                        if (inside) active[t0 - g0][count++] = t;
                    }
                    counts[t0 - g0] = count;
                }
                for (int q = 0; q < panelCount; q++) { // one weight panel at a time stays in L2 while the group's tiles pass
                    int channels = Math.min(NR, outputs - q * NR);
                    for (int t0 = g0; t0 < g1; t0++) {
                        tile(active[t0 - g0], counts[t0 - g0], depth, source, bases[t0 - g0], wp, q * panelSize, tile);
                        for (int r = 0; r < ROWS; r++) {
                            int row = t0 * ROWS + r;
                            if (row >= rows) break;
                            System.arraycopy(tile, r * NR, out, row * outputs + q * NR, channels);
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
        float[] gh = channelsLast(gs, gOffset, n, o, oh * ow);
        int zeroRow = n * oh * ow * o;
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
                tiles(n * classPixels, taps.length, o, c, gh, wp, (row, r, bases) -> {
                    int p = row / n, img = row % n, iy = fy + p / classW * sh, ix = fx + p % classW * sw;
                    for (int a = 0; a < tapsY; a++) {
                        int sy = iy + g.padH() - firstKy - a * sh, oy = sy / sh; // sy = oy sh exactly: the class makes it a multiple of sh
                        for (int b = 0; b < tapsX; b++) {
                            int sx = ix + g.padW() - firstKx - b * sw, ox = sx / sw;
                            boolean inside = sy >= 0 && oy < oh && sx >= 0 && ox < ow;
                            bases[(a * tapsX + b) * ROWS + r] = inside ? ((img * oh + oy) * ow + ox) * o : zeroRow;
                        }
                    }
                }, zeroRow, rowsOut);
                int[] at = new int[classPixels];
                for (int p = 0; p < classPixels; p++) at[p] = (fy + p / classW * sh) * wd + fx + p % classW * sw;
                toChannelsFirst(rowsOut, n, c, classPixels, at, gradInput, giOffset, plane);
            }
        }
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

    /**
     * tile[r][j] = sum over the taps t listed in taps[0..count) and channels ch of xh[bases[t ROWS + r] + ch] wp[wStart +
     * (t c + ch) NR + j], one call of {@link #tap} per tap with the sums carried in {@code tile}. Written as one method
     * with the loop over channels inside the loop over taps, C2 kept some of the accumulators on the stack in the inner
     * loop, loaded and stored at every step, even with four rows: the forward of a 64 -> 128 channel 5x5 stride-2
     * convolution on [256, 64, 14, 14] ran at 21-29 GFLOP/s on one Zen 3 core (a probe of the forward), 56-58 this way;
     * 128 -> 128 at stride 1 on 14 x 14 at 27-33, 68-70 this way. The price is a load and a
     * store of the sums per tap.
     */
    private static void tile(int[] taps, int count, int c, float[] xh, int[] bases, float[] wp, int wStart, float[] tile) { // c: the depth of each tap
        java.util.Arrays.fill(tile, 0f);
        for (int i = 0; i < count; i++) {
            int t = taps[i], at = t * ROWS;
            tap(c, xh, bases[at], bases[at + 1], bases[at + 2], bases[at + 3], ROWS == 6 ? bases[at + 4] : 0, ROWS == 6 ? bases[at + 5] : 0,
                    wp, wStart + t * c * NR, tile);
        }
    }

    /** tile[r][j] += sum over ch in [0, c) of xh[b_r + ch] wp[wi + ch NR + j]: one tap of the tile. */
    private static void tap(int c, float[] xh, int b0, int b1, int b2, int b3, int b4, int b5, float[] wp, int wi, float[] tile) {
        FloatVector c00 = FloatVector.fromArray(S, tile, 0), c01 = FloatVector.fromArray(S, tile, V);
        FloatVector c10 = FloatVector.fromArray(S, tile, NR), c11 = FloatVector.fromArray(S, tile, NR + V);
        FloatVector c20 = FloatVector.fromArray(S, tile, 2 * NR), c21 = FloatVector.fromArray(S, tile, 2 * NR + V);
        FloatVector c30 = FloatVector.fromArray(S, tile, 3 * NR), c31 = FloatVector.fromArray(S, tile, 3 * NR + V);
        FloatVector zero = FloatVector.zero(S), c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        if (ROWS == 6) {
            c40 = FloatVector.fromArray(S, tile, 4 * NR);
            c41 = FloatVector.fromArray(S, tile, 4 * NR + V);
            c50 = FloatVector.fromArray(S, tile, 5 * NR);
            c51 = FloatVector.fromArray(S, tile, 5 * NR + V);
        }
        for (int ch = 0; ch < c; ch++, wi += NR) {
            FloatVector v0 = FloatVector.fromArray(S, wp, wi), v1 = FloatVector.fromArray(S, wp, wi + V);
            FloatVector a = FloatVector.broadcast(S, xh[b0 + ch]);
            c00 = a.fma(v0, c00);
            c01 = a.fma(v1, c01);
            a = FloatVector.broadcast(S, xh[b1 + ch]);
            c10 = a.fma(v0, c10);
            c11 = a.fma(v1, c11);
            a = FloatVector.broadcast(S, xh[b2 + ch]);
            c20 = a.fma(v0, c20);
            c21 = a.fma(v1, c21);
            a = FloatVector.broadcast(S, xh[b3 + ch]);
            c30 = a.fma(v0, c30);
            c31 = a.fma(v1, c31);
            if (ROWS == 6) {
                a = FloatVector.broadcast(S, xh[b4 + ch]);
                c40 = a.fma(v0, c40);
                c41 = a.fma(v1, c41);
                a = FloatVector.broadcast(S, xh[b5 + ch]);
                c50 = a.fma(v0, c50);
                c51 = a.fma(v1, c51);
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        if (ROWS == 6) {
            c40.intoArray(tile, 4 * NR);
            c41.intoArray(tile, 4 * NR + V);
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + V);
        }
    }
}
