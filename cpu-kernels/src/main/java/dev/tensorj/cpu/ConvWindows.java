package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.CpuStorage;
import dev.tensorj.tensor.Tensor;

/**
 * The sliding windows of a convolution, FLOAT32 on contiguous tensors: im2col / col2im (and max pooling,
 * which walks the same windows), parallel over (image, channel) pairs. For each kernel
 * tap (i, j) the valid output range is computed once, so the inner loop copies a contiguous run of
 * pixels (stride 1) or a strided one, without per-pixel bounds tests.
 */
final class ConvWindows {
    private ConvWindows() {
    }

    static void im2col(Tensor x, ConvGeometry g, float padValue, Tensor cols) {
        int n = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
        int windows = g.outH(height) * g.outW(width), kk = g.kernelH() * g.kernelW();
        float[] in = ((CpuStorage) x.storage()).floats(), out = ((CpuStorage) cols.storage()).floats();
        int inBase = x.offset(), outBase = cols.offset();
        Parallel.forRange(n * channels, Math.max(1, 4096 / Math.max(1, kk * windows)), (first, last) -> {
            for (int nc = first; nc < last; nc++) {
                // the (n, c) block of rows starts at row n * C * kk + c * kk = nc * kk
                im2colChannel(in, inBase + nc * height * width, height, width, g, padValue, out, outBase + nc * kk * windows);
            }
        });
    }

    /** The kH * kW rows of one channel image: row (i, j) holds the pixels tap (i, j) sees at every window. */
    static void im2colChannel(float[] in, int image, int height, int width, ConvGeometry g, float padValue, float[] out, int rowBase) {
        im2colChannel(in, image, height, width, g, padValue, out, rowBase, g.outH(height) * g.outW(width));
    }

    /**
     * As above, with rows {@code rowStride} apart (at least outH outW): several images' windows side by
     * side in one matrix, image b's from column b outH outW on.
     */
    static void im2colChannel(float[] in, int image, int height, int width, ConvGeometry g, float padValue, float[] out, int rowBase, int rowStride) {
        int outH = g.outH(height), outW = g.outW(width);
        for (int i = 0; i < g.kernelH(); i++) {
            for (int j = 0; j < g.kernelW(); j++) {
                int row = rowBase + (i * g.kernelW() + j) * rowStride;
                int w0 = -g.padW() + j * g.dilationW(), stride = g.strideW();
                // the same for every row y: computed once per tap (integer divisions cost more than a short row's copy)
                int start = validStart(w0, stride, outW), end = validEnd(w0, stride, width, outW);
                for (int y = 0; y < outH; y++) {
                    int h = y * g.strideH() - g.padH() + i * g.dilationH();
                    int dst = row + y * outW;
                    if (h < 0 || h >= height) {
                        java.util.Arrays.fill(out, dst, dst + outW, padValue);
                        continue;
                    }
                    int src = image + h * width + w0;
                    // windows left of the image, inside it (one copy when the stride is 1), right of it
                    if (start > 0) java.util.Arrays.fill(out, dst, dst + start, padValue);
                    if (stride == 1) {
                        if (end > start) System.arraycopy(in, src + start, out, dst + start, end - start);
                    } else {
                        for (int xPos = start; xPos < end; xPos++) out[dst + xPos] = in[src + xPos * stride];
                    }
                    if (end < outW) java.util.Arrays.fill(out, dst + end, dst + outW, padValue);
                }
            }
        }
    }

    /** The first output column x &lt;= outW whose window column w0 + x stride is inside the image (&gt;= 0). */
    private static int validStart(int w0, int stride, int outW) {
        return w0 >= 0 ? 0 : Math.min(outW, (-w0 + stride - 1) / stride);
    }

    /** One past the last output column whose window column is inside an image of this width; never below validStart. */
    private static int validEnd(int w0, int stride, int width, int outW) {
        int end = width - w0 <= 0 ? 0 : Math.min(outW, (width - w0 + stride - 1) / stride);
        return Math.max(end, validStart(w0, stride, outW));
    }

    /** The adjoint of {@link #im2colChannel}: adds the rows back into the channel image. */
    static void col2imChannel(float[] in, int rowBase, int height, int width, ConvGeometry g, float[] out, int image) {
        col2imChannel(in, rowBase, g.outH(height) * g.outW(width), height, width, g, out, image);
    }

    /** The adjoint of the row-strided {@link #im2colChannel}. */
    static void col2imChannel(float[] in, int rowBase, int rowStride, int height, int width, ConvGeometry g, float[] out, int image) {
        spreadRows(in, rowBase, rowStride, null, 0, height, width, g, out, image);
    }

    /**
     * col2im of the outer product w ⊗ g without forming it: adds w[tap] g[window] to the pixel each tap
     * of each window saw. For a convolution with one output channel the columns of the input gradient,
     * Wᵀ g, are exactly this product (row tap of channel c = w[0, c, tap] times the gradient row), so
     * the channel's gradient is built straight from g ({@code weights}: this channel's kH kW taps).
     */
    static void col2imOuterChannel(float[] grad, int gradBase, float[] weights, int weightBase, int height, int width, ConvGeometry g,
                                   float[] out, int image) {
        spreadRows(grad, gradBase, 0, weights, weightBase, height, width, g, out, image); // every tap reads the same row, g
    }

    /**
     * Adds, for every kernel tap (i, j), its row {@code in[rowBase + (i kW + j) rowStride ..]} times
     * {@code scales[scaleBase + i kW + j]} (1 when scales is null) to the pixels that tap saw.
     */
    private static void spreadRows(float[] in, int rowBase, int rowStride, float[] scales, int scaleBase, int height, int width,
                                   ConvGeometry g, float[] out, int image) {
        int outH = g.outH(height), outW = g.outW(width);
        for (int i = 0; i < g.kernelH(); i++) {
            for (int j = 0; j < g.kernelW(); j++) {
                int tap = i * g.kernelW() + j, row = rowBase + tap * rowStride;
                float scale = scales == null ? 1f : scales[scaleBase + tap]; // x * 1f == x exactly
                int w0 = -g.padW() + j * g.dilationW(), stride = g.strideW();
                int start = validStart(w0, stride, outW), end = validEnd(w0, stride, width, outW); // the same for every row
                for (int y = 0; y < outH; y++) {
                    int h = y * g.strideH() - g.padH() + i * g.dilationH();
                    if (h < 0 || h >= height) continue;
                    int src = row + y * outW, dst = image + h * width + w0;
                    if (stride == 1) {
                        for (int xPos = start; xPos < end; xPos++) out[dst + xPos] += scale * in[src + xPos];
                    } else {
                        for (int xPos = start; xPos < end; xPos++) out[dst + xPos * stride] += scale * in[src + xPos];
                    }
                }
            }
        }
    }

    static void col2im(Tensor cols, ConvGeometry g, Tensor image) {
        int n = image.size(0), channels = image.size(1), height = image.size(2), width = image.size(3);
        int windows = g.outH(height) * g.outW(width), kk = g.kernelH() * g.kernelW();
        float[] in = ((CpuStorage) cols.storage()).floats(), out = ((CpuStorage) image.storage()).floats();
        int inBase = cols.offset(), outBase = image.offset();
        Parallel.forRange(n * channels, Math.max(1, 4096 / Math.max(1, kk * windows)), (first, last) -> {
            for (int nc = first; nc < last; nc++) {
                col2imChannel(in, inBase + nc * kk * windows, height, width, g, out, outBase + nc * height * width);
            }
        });
    }

    /** Max pooling, parallel over (image, channel); ties keep the first maximum, NaN wins as in the reference. */
    static void maxPool2d(Tensor x, ConvGeometry g, Tensor out, Tensor indices) {
        int n = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
        int outH = g.outH(height), outW = g.outW(width);
        float[] in = ((CpuStorage) x.storage()).floats(), o = ((CpuStorage) out.storage()).floats();
        long[] idx = ((CpuStorage) indices.storage()).longs();
        int inBase = x.offset(), outBase = out.offset(), idxBase = indices.offset();
        boolean twoByTwo = g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2
                && g.padH() == 0 && g.padW() == 0 && g.dilationH() == 1 && g.dilationW() == 1;
        Parallel.forRange(n * channels, Math.max(1, 8192 / Math.max(1, height * width)), (first, last) -> {
            for (int nc = first; nc < last; nc++) {
                int image = inBase + nc * height * width;
                int dst = nc * outH * outW;
                if (twoByTwo) {
                    maxPool2x2(in, image, width, o, outBase + dst, idx, idxBase + dst, outH, outW);
                    continue;
                }
                for (int y = 0; y < outH; y++) {
                    for (int xPos = 0; xPos < outW; xPos++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bestIndex = -1;
                        for (int i = 0; i < g.kernelH(); i++) {
                            int h = y * g.strideH() - g.padH() + i * g.dilationH();
                            if (h < 0 || h >= height) continue;
                            for (int j = 0; j < g.kernelW(); j++) {
                                int w = xPos * g.strideW() - g.padW() + j * g.dilationW();
                                if (w < 0 || w >= width) continue;
                                float v = in[image + h * width + w];
                                if (bestIndex < 0 || v > best || (v != v && best == best)) {
                                    best = v;
                                    bestIndex = h * width + w;
                                }
                            }
                        }
                        int at = dst + y * outW + xPos;
                        o[outBase + at] = best;
                        idx[idxBase + at] = bestIndex;
                    }
                }
            }
        });
    }

    /**
     * The common 2x2, stride 2 window (the course's MaxPooling2D) without the general loop's bounds
     * checks or branches, with the same result: each of the four pixels becomes a {@link #poolKey}, the
     * largest key wins (three long maxima, which compile to conditional moves), and the winner's own
     * float is copied out. On random data the general loop's comparisons are coin tosses, and their
     * mispredicted branches made it 2.4x slower than this.
     */
    private static void maxPool2x2(float[] in, int image, int width, float[] o, int out, long[] idx, int idxOut, int outH, int outW) {
        for (int y = 0; y < outH; y++) {
            int row = image + 2 * y * width;
            for (int xPos = 0; xPos < outW; xPos++) {
                int p = row + 2 * xPos;
                long best = Math.max(Math.max(poolKey(in[p], 0), poolKey(in[p + 1], 1)),
                        Math.max(poolKey(in[p + width], 2), poolKey(in[p + width + 1], 3)));
                int position = 3 - (int) (best & 3); // 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
                int at = p + (position & 1) + (position >> 1) * width;
                o[out + y * outW + xPos] = in[at];
                idx[idxOut + y * outW + xPos] = at - image;
            }
        }
    }

    /**
     * A long that orders the pixels of a 2x2 window as max pooling does: by value (NaN above everything,
     * -0 equal to +0), then the earlier of equal pixels first. The high half maps the float's bits to
     * an int in the float's order (negative floats have their magnitude bits flipped); the low half is
     * 3 - position, so that among equal values the first position is the largest key.
     */
    private static long poolKey(float v, int position) {
        int bits = Float.floatToRawIntBits(v);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        ordered = (bits & 0x7fffffff) == 0 ? 0 : ordered;
        ordered = v != v ? Integer.MAX_VALUE : ordered;
        return ((long) ordered << 32) | (3 - position);
    }
}
