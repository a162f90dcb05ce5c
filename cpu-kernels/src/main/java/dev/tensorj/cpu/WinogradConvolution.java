package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;

import java.util.Arrays;

import static dev.tensorj.cpu.ConvWorkspace.forImages;
import static dev.tensorj.cpu.ConvWorkspace.scratch;
import static dev.tensorj.cpu.ConvWorkspace.sumOverImages;

/**
 * Winograd's minimal filtering F(2x2, 3x3) for 3x3, stride-1 convolutions (Lavin and Gray, "Fast
 * Algorithms for Convolutional Neural Networks", CVPR 2016). A 2x2 block of outputs of one channel
 * pair needs a 4x4 input tile d and the 3x3 kernel g; instead of 2 * 2 * 9 = 36 multiplications it
 * takes 16:
 * <pre>
 *   Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A          ⊙: elementwise, on 4x4 tiles
 *
 *        | 1  0  -1  0 |         |  1    0    0  |
 *   Bᵀ = | 0  1   1  0 |     G = | 1/2  1/2  1/2 |     Aᵀ = | 1  1   1   0 |
 *        | 0 -1   1  0 |         | 1/2 -1/2  1/2 |          | 0  1  -1  -1 |
 *        | 0  1   0 -1 |         |  0    0    1  |
 * </pre>
 * Summed over the input channels, each of the 16 tile positions ξ is one matrix product over all
 * tiles t of a group of images: M_ξ [O, T] = U_ξ [O, C] · V_ξ [C, T], with U = G g Gᵀ (the kernels,
 * transformed once per call) and V = Bᵀ d B (the input tiles). The products run on the packed GEMM
 * ({@link Gemm}); the transforms are additions only. Compared with im2col + GEMM the arithmetic falls
 * 2.25x and the transformed input (16 / 4 = 4 floats per input pixel and channel) is smaller than
 * im2col's 9.
 *
 * <p>The backward pass to the input of a stride-1 convolution is itself a stride-1 convolution of the
 * output gradient with the kernels flipped and their two channel axes swapped, padded by 2 - pad
 * ({@link #backwardInput}).
 *
 * <p>The weight gradient is F(3x3, 2x2) on the same 4x4 input tiles: in one dimension dg_k = Σ_i d_(i+k) dy_i
 * (k = 0..2, i = 0, 1), and differentiating y = Aᵀ [(G g) ⊙ (Bᵀ d)] by g gives dg = Gᵀ [(A dy) ⊙ (Bᵀ d)], so
 * <pre>
 *   dW = Gᵀ [ Σ_tiles (A dY Aᵀ) ⊙ (Bᵀ D B) ] G          dY: the 2x2 output gradient of the tile
 * </pre>
 * and the sum over tiles is again a matrix product per position ξ: M_ξ [O, C] = Ũ_ξ [O, T] · V_ξᵀ [T, C]
 * ({@link #backwardWeight}).
 */
final class WinogradConvolution {
    /** Both channel counts at least this: with fewer, the GEMMs are too shallow to pay for the transforms. */
    static final int MIN_CHANNELS = 16;
    /** A group of images is made at least this many tiles wide (the GEMMs' column count)... */
    private static final int MIN_TILES = 384;
    /** ... as long as its transformed tiles and products take at most this many floats (16 MiB) per thread. */
    private static final int MAX_GROUP_FLOATS = 1 << 22;
    /**
     * Floats of slack past the end of the padded plane and of the products M: the vector transforms read
     * whole vectors (up to 16 floats) at the last tile of a row, and use only the lanes inside it.
     */
    static final int VECTOR_SLACK = 16;

    private WinogradConvolution() {
    }

    /** Whether this kernel computes the convolution: 3x3, stride 1, no dilation, padding at most 2, both channel counts at least {@link #MIN_CHANNELS}. */
    static boolean applies(ConvGeometry g, int inChannels, int outChannels) {
        return g.kernelH() == 3 && g.kernelW() == 3 && g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.padH() <= 2 && g.padW() <= 2 && inChannels >= MIN_CHANNELS && outChannels >= MIN_CHANNELS;
    }

    /**
     * out [N, O, H + 2 padH - 2, W + 2 padW - 2] = x [N, C, H, W] convolved with w [O, C, 3, 3], all
     * contiguous at the given offsets.
     */
    static void forward(float[] x, int xOffset, float[] w, int wOffset, int n, int c, int h, int wd, int o,
                        int padH, int padW, float[] out, int outOffset) {
        Plan p = new Plan(n, c, h, wd, o, padH, padW);
        float[] u = transformKernels(w, wOffset, o, c);
        forImages(n, (first, last) -> {
            int group = p.group(last - first);
            float[] v = scratch(0, 16 * c * group * p.tiles), plane = scratch(1, p.paddedH * p.paddedW + VECTOR_SLACK);
            float[] m = scratch(2, 16 * o * group * p.tiles + VECTOR_SLACK);
            for (int b = first; b < last; b += group) {
                int count = Math.min(group, last - b), t = count * p.tiles;
                transformInput(x, xOffset, b, count, p, plane, v);
                for (int xi = 0; xi < 16; xi++) {
                    Gemm.multiply(o, t, c, new GemmOperand(u, xi * o * c, c, 1), new GemmOperand(v, xi * c * t, t, 1), m, xi * o * t, t);
                }
                transformOutput(m, b, count, p, out, outOffset, plane);
            }
        });
    }

    /**
     * dx [N, C, H, W] of a 3x3 stride-1 convolution with padding (padH, padW), from its output gradient
     * g [N, O, OH, OW]: dx = g convolved with w' (w' [C, O, a, b] = w [O, C, 2 - a, 2 - b]) padded by 2 - pad.
     */
    static void backwardInput(float[] g, int gOffset, float[] w, int wOffset, int n, int c, int h, int wd, int o,
                              int padH, int padW, float[] dx, int dxOffset) {
        float[] flipped = new float[c * o * 9];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int from = wOffset + (oc * c + ic) * 9, to = (ic * o + oc) * 9;
                for (int tap = 0; tap < 9; tap++) flipped[to + tap] = w[from + 8 - tap]; // (a, b) -> (2 - a, 2 - b)
            }
        }
        int outH = h + 2 * padH - 2, outW = wd + 2 * padW - 2;
        forward(g, gOffset, flipped, 0, n, o, outH, outW, c, 2 - padH, 2 - padW, dx, dxOffset);
    }

    /**
     * dw [O, C, 3, 3] of a 3x3 stride-1 convolution with padding (padH, padW), from its input x [N, C, H, W]
     * and output gradient g [N, O, OH, OW]; summed over the images by {@link ConvWorkspace#sumOverImages}.
     */
    static void backwardWeight(float[] x, int xOffset, float[] g, int gOffset, int n, int c, int h, int wd, int o,
                               int padH, int padW, float[] dw, int dwOffset) {
        Plan p = new Plan(n, c, h, wd, o, padH, padW);
        int size = 16 * o * c;
        float[] m = sumOverImages(n, size, (first, last, sum) -> {
            int group = p.group(last - first);
            float[] v = scratch(0, 16 * c * group * p.tiles), plane = scratch(1, p.paddedH * p.paddedW + VECTOR_SLACK);
            float[] u = scratch(2, 16 * o * group * p.tiles), product = scratch(3, size);
            for (int b = first; b < last; b += group) {
                int count = Math.min(group, last - b), t = count * p.tiles;
                transformInput(x, xOffset, b, count, p, plane, v);
                transformGradient(g, gOffset, b, count, p, plane, u);
                for (int xi = 0; xi < 16; xi++) {
                    // Ũ_ξ [O, T] · V_ξᵀ [T, C]: V_ξ read transposed, element (t, c) = v[ξ C T + c T + t]
                    Gemm.multiply(o, c, t, new GemmOperand(u, xi * o * t, t, 1), new GemmOperand(v, xi * c * t, 1, t), product, xi * o * c, c);
                }
                for (int i = 0; i < size; i++) sum[i] += product[i];
            }
        });
        transformWeightGradient(m, o, c, dw, dwOffset);
    }

    /** Sizes of one call: the input, its tiling, and the zero-padded plane the tiles are read from. */
    record Plan(int n, int c, int h, int w, int o, int padH, int padW, int outH, int outW, int tilesH, int tilesW, int tiles,
                        int paddedH, int paddedW) {
        Plan(int n, int c, int h, int w, int o, int padH, int padW) {
            this(n, c, h, w, o, padH, padW, h + 2 * padH - 2, w + 2 * padW - 2);
        }

        private Plan(int n, int c, int h, int w, int o, int padH, int padW, int outH, int outW) {
            this(n, c, h, w, o, padH, padW, outH, outW, (outH + 1) / 2, (outW + 1) / 2, ((outH + 1) / 2) * ((outW + 1) / 2),
                    2 * ((outH + 1) / 2) + 2, 2 * ((outW + 1) / 2) + 2);
        }

        /** Images per group for a thread that handles {@code images} of them. */
        int group(int images) {
            int wanted = (MIN_TILES + tiles - 1) / tiles;
            int fits = (int) Math.max(1, MAX_GROUP_FLOATS / (16L * (c + o) * tiles));
            return Math.max(1, Math.min(images, Math.min(wanted, fits)));
        }
    }

    /** U [16, O, C]: U_ξ[o, c] = (G w[o, c] Gᵀ)[ξ]. */
    private static float[] transformKernels(float[] w, int wOffset, int o, int c) {
        float[] u = new float[16 * o * c];
        float[] gw = new float[12];
        for (int oc = 0; oc < o; oc++) {
            for (int ic = 0; ic < c; ic++) {
                int k = wOffset + (oc * c + ic) * 9;
                for (int j = 0; j < 3; j++) { // G g: 4 x 3, column j from the kernel's column j
                    float g0 = w[k + j], g1 = w[k + 3 + j], g2 = w[k + 6 + j];
                    gw[j] = g0;
                    gw[3 + j] = 0.5f * (g0 + g1 + g2);
                    gw[6 + j] = 0.5f * (g0 - g1 + g2);
                    gw[9 + j] = g2;
                }
                int at = oc * c + ic, step = o * c;
                for (int i = 0; i < 4; i++) { // (G g) Gᵀ: row i of the 4 x 4 result
                    float r0 = gw[3 * i], r1 = gw[3 * i + 1], r2 = gw[3 * i + 2];
                    u[(4 * i) * step + at] = r0;
                    u[(4 * i + 1) * step + at] = 0.5f * (r0 + r1 + r2);
                    u[(4 * i + 2) * step + at] = 0.5f * (r0 - r1 + r2);
                    u[(4 * i + 3) * step + at] = r2;
                }
            }
        }
        return u;
    }

    /**
     * Whether the transforms run on {@link WinogradVectorTransforms}: with the Vector API, on rows of at
     * least {@link WinogradVectorTransforms#MIN_TILES} tiles.
     */
    private static boolean vectorTransforms(Plan p) {
        return Simd.enabled() && p.tilesW >= WinogradVectorTransforms.MIN_TILES;
    }

    /**
     * V [16, C, T] for images [first, first + count): V_ξ[c, t] = (Bᵀ d B)[ξ] for the 4x4 tile d of tile t
     * (image-major, then tile row, then tile column). Each channel image is first copied into a
     * zero-padded plane, so that every tile is read without bounds tests.
     */
    private static void transformInput(float[] x, int xOffset, int first, int count, Plan p, float[] plane, float[] v) {
        if (vectorTransforms(p)) {
            WinogradVectorTransforms.input(x, xOffset, first, count, p, plane, v);
            return;
        }
        int t = count * p.tiles, pw = p.paddedW;
        Arrays.fill(plane, 0, p.paddedH * pw, 0f);
        for (int b = 0; b < count; b++) {
            for (int ch = 0; ch < p.c; ch++) {
                int image = xOffset + ((first + b) * p.c + ch) * p.h * p.w;
                for (int y = 0; y < p.h; y++) System.arraycopy(x, image + y * p.w, plane, (y + p.padH) * pw + p.padW, p.w);
                int row = ch * t + b * p.tiles, step = p.c * t;
                for (int ty = 0; ty < p.tilesH; ty++) {
                    for (int tx = 0; tx < p.tilesW; tx++) {
                        int d = 2 * ty * pw + 2 * tx, at = row + ty * p.tilesW + tx;
                        // Bᵀ d: rows 0 - 2, 1 + 2, 2 - 1, 1 - 3 of the tile, column by column
                        float a0 = plane[d] - plane[d + 2 * pw], b0 = plane[d + pw] + plane[d + 2 * pw];
                        float c0 = plane[d + 2 * pw] - plane[d + pw], e0 = plane[d + pw] - plane[d + 3 * pw];
                        float a1 = plane[d + 1] - plane[d + 1 + 2 * pw], b1 = plane[d + 1 + pw] + plane[d + 1 + 2 * pw];
                        float c1 = plane[d + 1 + 2 * pw] - plane[d + 1 + pw], e1 = plane[d + 1 + pw] - plane[d + 1 + 3 * pw];
                        float a2 = plane[d + 2] - plane[d + 2 + 2 * pw], b2 = plane[d + 2 + pw] + plane[d + 2 + 2 * pw];
                        float c2 = plane[d + 2 + 2 * pw] - plane[d + 2 + pw], e2 = plane[d + 2 + pw] - plane[d + 2 + 3 * pw];
                        float a3 = plane[d + 3] - plane[d + 3 + 2 * pw], b3 = plane[d + 3 + pw] + plane[d + 3 + 2 * pw];
                        float c3 = plane[d + 3 + 2 * pw] - plane[d + 3 + pw], e3 = plane[d + 3 + pw] - plane[d + 3 + 3 * pw];
                        // (Bᵀ d) B: the same on the columns of each row
                        v[at] = a0 - a2;
                        v[at + step] = a1 + a2;
                        v[at + 2 * step] = a2 - a1;
                        v[at + 3 * step] = a1 - a3;
                        v[at + 4 * step] = b0 - b2;
                        v[at + 5 * step] = b1 + b2;
                        v[at + 6 * step] = b2 - b1;
                        v[at + 7 * step] = b1 - b3;
                        v[at + 8 * step] = c0 - c2;
                        v[at + 9 * step] = c1 + c2;
                        v[at + 10 * step] = c2 - c1;
                        v[at + 11 * step] = c1 - c3;
                        v[at + 12 * step] = e0 - e2;
                        v[at + 13 * step] = e1 + e2;
                        v[at + 14 * step] = e2 - e1;
                        v[at + 15 * step] = e1 - e3;
                    }
                }
            }
        }
    }

    /**
     * Ũ [16, O, T] for images [first, first + count): Ũ_ξ[o, t] = (A dy Aᵀ)[ξ] for the 2x2 output gradient
     * dy of tile t (zero where an odd edge clips the tile), with A = (Aᵀ)ᵀ, 4 x 2.
     */
    private static void transformGradient(float[] g, int gOffset, int first, int count, Plan p, float[] plane, float[] u) {
        if (vectorTransforms(p)) {
            WinogradVectorTransforms.gradient(g, gOffset, first, count, p, plane, u);
            return;
        }
        int t = count * p.tiles, pw = 2 * p.tilesW;
        Arrays.fill(plane, 0, 2 * p.tilesH * pw, 0f);
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o; oc++) {
                int image = gOffset + ((first + b) * p.o + oc) * p.outH * p.outW;
                for (int y = 0; y < p.outH; y++) System.arraycopy(g, image + y * p.outW, plane, y * pw, p.outW);
                int row = oc * t + b * p.tiles, step = p.o * t;
                for (int ty = 0; ty < p.tilesH; ty++) {
                    for (int tx = 0; tx < p.tilesW; tx++) {
                        int d = 2 * ty * pw + 2 * tx, at = row + ty * p.tilesW + tx;
                        float y00 = plane[d], y01 = plane[d + 1], y10 = plane[d + pw], y11 = plane[d + pw + 1];
                        // A dy: rows y0, y0 + y1, y0 - y1, -y1 (rows of the 2 x 2 tile); then the same on the columns
                        float s0 = y00 + y10, s1 = y01 + y11, d0 = y00 - y10, d1 = y01 - y11;
                        u[at] = y00;
                        u[at + step] = y00 + y01;
                        u[at + 2 * step] = y00 - y01;
                        u[at + 3 * step] = -y01;
                        u[at + 4 * step] = s0;
                        u[at + 5 * step] = s0 + s1;
                        u[at + 6 * step] = s0 - s1;
                        u[at + 7 * step] = -s1;
                        u[at + 8 * step] = d0;
                        u[at + 9 * step] = d0 + d1;
                        u[at + 10 * step] = d0 - d1;
                        u[at + 11 * step] = -d1;
                        u[at + 12 * step] = -y10;
                        u[at + 13 * step] = -y10 - y11;
                        u[at + 14 * step] = y11 - y10;
                        u[at + 15 * step] = y11;
                    }
                }
            }
        }
    }

    /** dw[o, c] = Gᵀ M G (3 x 3) from M [16, O, C], with Gᵀ = [[1, ½, ½, 0], [0, ½, -½, 0], [0, ½, ½, 1]]. */
    private static void transformWeightGradient(float[] m, int o, int c, float[] dw, int dwOffset) {
        int step = o * c;
        float[] rows = new float[12];
        for (int at = 0; at < step; at++) {
            for (int j = 0; j < 4; j++) { // Gᵀ M: 3 x 4, column j
                float m0 = m[j * step + at], m1 = m[(4 + j) * step + at], m2 = m[(8 + j) * step + at], m3 = m[(12 + j) * step + at];
                rows[j] = m0 + 0.5f * (m1 + m2);
                rows[4 + j] = 0.5f * (m1 - m2);
                rows[8 + j] = 0.5f * (m1 + m2) + m3;
            }
            int to = dwOffset + at * 9;
            for (int i = 0; i < 3; i++) { // (Gᵀ M) G: row i
                float r0 = rows[4 * i], r1 = rows[4 * i + 1], r2 = rows[4 * i + 2], r3 = rows[4 * i + 3];
                dw[to + 3 * i] = r0 + 0.5f * (r1 + r2);
                dw[to + 3 * i + 1] = 0.5f * (r1 - r2);
                dw[to + 3 * i + 2] = 0.5f * (r1 + r2) + r3;
            }
        }
    }

    /**
     * out[b, o] for images [first, first + count) from M [16, O, T]: each tile's 2x2 outputs Aᵀ m A, clipped
     * at odd edges ({@code rows}: scratch for the vector version, at least 4 tilesW floats).
     */
    private static void transformOutput(float[] m, int first, int count, Plan p, float[] out, int outOffset, float[] rows) {
        if (vectorTransforms(p)) {
            WinogradVectorTransforms.output(m, first, count, p, out, outOffset, rows);
            return;
        }
        int t = count * p.tiles, step = p.o * t;
        for (int b = 0; b < count; b++) {
            for (int oc = 0; oc < p.o; oc++) {
                int row = oc * t + b * p.tiles, plane = outOffset + ((first + b) * p.o + oc) * p.outH * p.outW;
                for (int ty = 0; ty < p.tilesH; ty++) {
                    for (int tx = 0; tx < p.tilesW; tx++) {
                        int at = row + ty * p.tilesW + tx;
                        // Aᵀ m: row 0 = m0 + m1 + m2, row 1 = m1 - m2 - m3 (rows of the 4 x 4 tile)
                        float s00 = m[at] + m[at + 4 * step] + m[at + 8 * step];
                        float s01 = m[at + step] + m[at + 5 * step] + m[at + 9 * step];
                        float s02 = m[at + 2 * step] + m[at + 6 * step] + m[at + 10 * step];
                        float s03 = m[at + 3 * step] + m[at + 7 * step] + m[at + 11 * step];
                        float s10 = m[at + 4 * step] - m[at + 8 * step] - m[at + 12 * step];
                        float s11 = m[at + 5 * step] - m[at + 9 * step] - m[at + 13 * step];
                        float s12 = m[at + 6 * step] - m[at + 10 * step] - m[at + 14 * step];
                        float s13 = m[at + 7 * step] - m[at + 11 * step] - m[at + 15 * step];
                        // (Aᵀ m) A: the same on the columns
                        int y = 2 * ty, xPos = 2 * tx, o0 = plane + y * p.outW + xPos;
                        boolean right = xPos + 1 < p.outW, below = y + 1 < p.outH;
                        out[o0] = s00 + s01 + s02;
                        if (right) out[o0 + 1] = s01 - s02 - s03;
                        if (below) {
                            out[o0 + p.outW] = s10 + s11 + s12;
                            if (right) out[o0 + p.outW + 1] = s11 - s12 - s13;
                        }
                    }
                }
            }
        }
    }
}
