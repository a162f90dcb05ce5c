package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

/**
 * The forward convolution of wide kernels on many channels (the DCGAN's 5x5 layers) as a direct,
 * channels-last computation instead of im2col + GEMM:
 * <ol>
 *   <li>the input is copied once to NHWC, so that the C values one kernel tap of one output pixel needs
 *       are a contiguous run, followed by a row of C zeros that padded taps read;</li>
 *   <li>the weights are packed once into panels of NR output channels, [tap][C][NR];</li>
 *   <li>a register tile of MR output pixels × NR output channels (twelve vectors, as in the GEMM's
 *       {@link GemmVectorKernel}) sums, for every tap and channel, the six pixels' input values broadcast
 *       against a row of the weight panel: the GEMM's micro-kernel with its A panel read in place through
 *       six row offsets, one per pixel of the tile.</li>
 * </ol>
 * With 128 or 256 output channels each im2col element serves only 128-256 multiply-adds, and writing the
 * im2col rows of a 7x7 map (7 floats at stride 2 per copy) cost about as much as the arithmetic; here no
 * such copy exists. The forward pass, and the input gradient of stride-1 convolutions (the forward of the flipped
 * kernel; a stride-1 transposed convolution's forward is that pass); the other gradients stay on im2col + GEMM.
 */
final class ChannelsLastConvolution {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int V = S.length();
    /** Taps per window from which this route is taken (5x5 and wider: the only shapes measured). */
    static final int MIN_TAPS = 25;
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

    /** Whether the input gradient (a stride-1 convolution's, or a stride-1 transposed convolution's forward) can run here. */
    static boolean appliesToInputGradient(ConvGeometry g, int c, int o) {
        return g.strideH() == 1 && g.strideW() == 1 && g.padH() <= g.kernelH() - 1 && g.padW() <= g.kernelW() - 1 && appliesToForward(g, o, c);
    }

    /**
     * gradInput [n, c, h, wd] of a stride-1 convolution: the forward convolution of gradOut [n, o, oh, ow] with the
     * kernel flipped in both axes and its channel axes swapped, w'[c, o, ky, kx] = w[o, c, kh-1-ky, kw-1-kx], and
     * padding k - 1 - p (each input pixel gathers the output gradients of the windows it was in).
     */
    static void backwardInput(float[] gs, int gOffset, float[] w, int wOffset, int n, int c, int h, int wd, int o, ConvGeometry g,
                              float[] gradInput, int giOffset) {
        int kh = g.kernelH(), kw = g.kernelW();
        float[] flipped = new float[c * o * kh * kw];
        for (int oo = 0; oo < o; oo++) {
            for (int cc = 0; cc < c; cc++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        flipped[((cc * o + oo) * kh + ky) * kw + kx] = w[wOffset + ((oo * c + cc) * kh + kh - 1 - ky) * kw + kw - 1 - kx];
                    }
                }
            }
        }
        ConvGeometry gathered = new ConvGeometry(kh, kw, 1, 1, kh - 1 - g.padH(), kw - 1 - g.padW(), 1, 1);
        forward(gs, gOffset, flipped, 0, n, o, g.outH(h), g.outW(wd), c, gathered, gradInput, giOffset);
    }

    /** out [n, o, oh, ow] (NCHW, at outOffset) = conv(x [n, c, h, wd], w [o, c, kh, kw]) with g's stride and padding. */
    static void forward(float[] x, int xOffset, float[] w, int wOffset, int n, int c, int h, int wd, int o, ConvGeometry g,
                        float[] out, int outOffset) {
        int kh = g.kernelH(), kw = g.kernelW(), taps = kh * kw, oh = g.outH(h), ow = g.outW(wd), pixels = oh * ow, plane = h * wd;
        // 1. the input channels-last, then one row of c zeros
        float[] xh = new float[n * plane * c + c];
        int zeroRow = n * plane * c;
        Parallel.forRange(n, 1, (first, end) -> {
            for (int img = first; img < end; img++) {
                for (int ch = 0; ch < c; ch++) {
                    int from = xOffset + (img * c + ch) * plane, to = img * plane * c + ch;
                    for (int p = 0; p < plane; p++) xh[to + p * c] = x[from + p];
                }
            }
        });
        // 2. the weights as panels of NR output channels: panel q, tap t, channel ch, lane j
        int panels = (o + NR - 1) / NR, panelSize = taps * c * NR;
        float[] wp = new float[panels * panelSize];
        for (int out0 = 0; out0 < o; out0++) {
            int q = out0 / NR, j = out0 % NR;
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < taps; t++) wp[q * panelSize + (t * c + ch) * NR + j] = w[wOffset + (out0 * c + ch) * taps + t];
            }
        }
        // 3. register tiles of MR output pixels (in image, row, column order) x NR output channels
        int rows = n * pixels, tiles = (rows + MR - 1) / MR;
        Parallel.forRange(tiles, 16, (first, end) -> {
            int[] bases = new int[taps * MR];
            float[] tile = new float[MR * NR];
            for (int q = 0; q < panels; q++) { // one weight panel at a time stays in L2 while the tiles pass
                int channels = Math.min(NR, o - q * NR);
                for (int t0 = first; t0 < end; t0++) {
                    for (int r = 0; r < MR; r++) {
                        int row = t0 * MR + r;
                        if (row >= rows) {
                            for (int t = 0; t < taps; t++) bases[t * MR + r] = zeroRow;
                            continue;
                        }
                        int img = row / pixels, p = row % pixels, iy0 = p / ow * g.strideH() - g.padH(), ix0 = p % ow * g.strideW() - g.padW();
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = iy0 + ky;
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ix0 + kx;
                                bases[(ky * kw + kx) * MR + r] = iy >= 0 && iy < h && ix >= 0 && ix < wd ? ((img * h + iy) * wd + ix) * c : zeroRow;
                            }
                        }
                    }
                    tile(taps, c, xh, bases, wp, q * panelSize, tile);
                    for (int r = 0; r < MR; r++) {
                        int row = t0 * MR + r;
                        if (row >= rows) break;
                        int at = outOffset + (row / pixels * o + q * NR) * pixels + row % pixels;
                        for (int j = 0; j < channels; j++) out[at + j * pixels] = tile[r * NR + j];
                    }
                }
            }
        });
    }

    /** tile[r][j] = sum over taps t and channels ch of xh[bases[t MR + r] + ch] wp[wStart + (t c + ch) NR + j]. */
    private static void tile(int taps, int c, float[] xh, int[] bases, float[] wp, int wStart, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int t = 0; t < taps; t++) {
            int b0 = bases[t * MR], b1 = bases[t * MR + 1], b2 = bases[t * MR + 2];
            int b3 = bases[t * MR + 3], b4 = bases[t * MR + 4], b5 = bases[t * MR + 5];
            int wi = wStart + t * c * NR;
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
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + V);
    }
}
