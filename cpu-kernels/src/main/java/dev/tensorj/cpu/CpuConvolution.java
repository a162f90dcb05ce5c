package dev.tensorj.cpu;

import dev.tensorj.tensor.KernelTrace;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.ConvWorkspace.forImages;
import static dev.tensorj.cpu.ConvWorkspace.scratch;
import static dev.tensorj.cpu.ConvWorkspace.sumOverImages;
import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * Fused FLOAT32 convolution: a few images at a time, im2col into a per-thread buffer and a GEMM, so the
 * memory needed is a few images' columns per thread instead of the whole batch's (at batch 1000 on
 * 28 x 28 with 64 channels that is the difference between 2 MB and 1.8 GB).
 * <pre>
 *   forward:         out_b  = W [O, K] . cols(x_b) [K, G L]
 *   backward-input:  dx_b   = col2im(W^T [K, O] . g_b [O, G L])
 *   backward-weight: dW     = sum_b g_b [O, G L] . cols(x_b)^T [G L, K]
 * </pre>
 * with K = C kH kW, L = outH outW, and x_b a group of G images whose windows sit side by side (image
 * b's from column b L on). G is 1 for large images (C2's 28 x 28: L = 784) and grows for small ones
 * (a DCGAN's 7 x 7: L = 49) so that the GEMM is at least {@link #MIN_COLUMNS} wide: one image's 49
 * columns are three 16-wide micro-kernel tiles and a 1-wide one, computed as a full tile. Images are
 * spread over the threads when there are enough of them; otherwise each GEMM uses all threads.
 *
 * <p>3x3 stride-1 convolutions with at least {@link WinogradConvolution#MIN_CHANNELS} channels on both
 * sides (C2's, the autoencoder's) run all three passes on {@link WinogradConvolution} instead: 2.25x
 * less arithmetic. Other stride-1 convolutions with a short im2col column (C kH kW at most
 * {@link ImplicitGemmConvolution#MAX_DEPTH}: C1's, and the weight gradient of C2's first layer) run on
 * {@link ImplicitGemmConvolution}, which reads the im2col rows out of the image instead of writing them.
 */
final class CpuConvolution {
    /** A group of images is made at least this many columns wide (when the batch has enough images). */
    static final int MIN_COLUMNS = 256;
    /** ... as long as its columns take at most this many floats (8 MiB) per thread. */
    private static final int MAX_GROUP_FLOATS = 1 << 21;

    private CpuConvolution() {
    }

    private record Sizes(int n, int c, int h, int w, int o, int k, int l) {
        static Sizes of(int[] x, int outChannels, ConvGeometry g) {
            return new Sizes(x[0], x[1], x[2], x[3], outChannels, x[1] * g.kernelH() * g.kernelW(), g.outH(x[2]) * g.outW(x[3]));
        }

        /** Images per GEMM for a thread that handles {@code images} of them. */
        int group(int images) {
            int wanted = (MIN_COLUMNS + l - 1) / Math.max(1, l);
            int fits = (int) Math.max(1, MAX_GROUP_FLOATS / Math.max(1L, (long) k * l));
            return Math.max(1, Math.min(images, Math.min(wanted, fits)));
        }
    }

    /** Writes the windows of images [first, first + count) side by side into cols [K, count L]. */
    private static void im2colImages(float[] x, int xOffset, int first, int count, Sizes s, ConvGeometry g, float[] cols) {
        int kk = g.kernelH() * g.kernelW(), width = count * s.l;
        for (int b = 0; b < count; b++) {
            int image = xOffset + (first + b) * s.c * s.h * s.w;
            for (int c = 0; c < s.c; c++) ConvWindows.im2colChannel(x, image + c * s.h * s.w, s.h, s.w, g, 0f, cols, c * kk * width + b * s.l, width);
        }
    }

    /**
     * The output gradients of images [first, first + count) as one matrix [O, count L]: the batch's own
     * [O, L] block for a single image, else gathered into a per-thread scratch array (slot 2).
     */
    private static GemmOperand groupGradients(float[] gs, int gOffset, int first, int count, Sizes s) {
        if (count == 1) return new GemmOperand(gs, gOffset + first * s.o * s.l, s.l, 1);
        int width = count * s.l;
        float[] gathered = scratch(2, s.o * width);
        for (int b = 0; b < count; b++) {
            for (int o = 0; o < s.o; o++) {
                System.arraycopy(gs, gOffset + ((first + b) * s.o + o) * s.l, gathered, o * width + b * s.l, s.l);
            }
        }
        return new GemmOperand(gathered, 0, width, 1);
    }

    static void forward(Tensor x, Tensor weight, ConvGeometry g, Tensor out) {
        Sizes s = Sizes.of(x.dims(), weight.size(0), g);
        float[] xs = floats(x), ws = floats(weight), os = floats(out);
        if (WinogradConvolution.applies(g, s.c, s.o)) {
            KernelTrace.route("winograd F(2x2,3x3)");
            WinogradConvolution.forward(xs, x.offset(), ws, weight.offset(), s.n, s.c, s.h, s.w, s.o, g.padH(), g.padW(), os, out.offset());
            return;
        }
        if (ImplicitGemmConvolution.appliesToForward(g, s.n, s.c, s.o)) {
            KernelTrace.route("implicit gemm");
            ImplicitGemmConvolution.forward(xs, x.offset(), ws, weight.offset(), s.n, s.c, s.h, s.w, s.o, g, os, out.offset());
            return;
        }
        if (ChannelsLastConvolution.appliesToForward(g, s.c, s.o)) {
            KernelTrace.route("channels-last direct");
            ChannelsLastConvolution.forward(xs, x.offset(), ws, weight.offset(), s.n, s.c, s.h, s.w, s.o, g, os, out.offset());
            return;
        }
        KernelTrace.route("im2col + gemm");
        GemmOperand w = new GemmOperand(ws, weight.offset(), s.k, 1);
        forImages(s.n, (first, last) -> {
            int group = s.group(last - first);
            float[] cols = scratch(0, s.k * s.l * group);
            for (int n = first; n < last; n += group) {
                int count = Math.min(group, last - n), width = count * s.l;
                im2colImages(xs, x.offset(), n, count, s, g, cols);
                if (count == 1) {
                    Gemm.multiply(s.o, s.l, s.k, w, new GemmOperand(cols, 0, s.l, 1), os, out.offset() + n * s.o * s.l, s.l);
                    continue;
                }
                float[] product = scratch(1, s.o * width);
                Gemm.multiply(s.o, width, s.k, w, new GemmOperand(cols, 0, width, 1), product, 0, width);
                for (int b = 0; b < count; b++) { // [O, count L] back to count images [O, L]
                    for (int o = 0; o < s.o; o++) System.arraycopy(product, o * width + b * s.l, os, out.offset() + ((n + b) * s.o + o) * s.l, s.l);
                }
            }
        });
    }

    static void backwardInput(Tensor gradOut, Tensor weight, ConvGeometry g, Tensor gradInput) {
        Sizes s = Sizes.of(gradInput.dims(), weight.size(0), g);
        float[] gs = floats(gradOut), ws = floats(weight), xs = floats(gradInput);
        if (WinogradConvolution.applies(g, s.o, s.c)) {
            KernelTrace.route("winograd F(2x2,3x3)");
            WinogradConvolution.backwardInput(gs, gradOut.offset(), ws, weight.offset(), s.n, s.c, s.h, s.w, s.o, g.padH(), g.padW(),
                    xs, gradInput.offset());
            return;
        }
        if (ImplicitGemmConvolution.appliesToInputGradient(g, s.n, s.c, s.o)) {
            KernelTrace.route("implicit gemm");
            ImplicitGemmConvolution.backwardInput(gs, gradOut.offset(), ws, weight.offset(), s.n, s.c, s.h, s.w, s.o, g, xs, gradInput.offset());
            return;
        }
        if (ChannelsLastConvolution.appliesToInputGradient(g, s.c, s.o)) {
            KernelTrace.route("channels-last direct");
            ChannelsLastConvolution.backwardInput(gs, gradOut.offset(), ws, weight.offset(), s.n, s.c, s.h, s.w, s.o, g, xs, gradInput.offset());
            return;
        }
        GemmOperand wT = new GemmOperand(ws, weight.offset(), 1, s.k); // element (k, o) = w[o, k]
        int kk = g.kernelH() * g.kernelW();
        KernelTrace.route(s.o == 1 ? "outer product + col2im" : "gemm + col2im");
        if (s.o == 1) { // the columns W^T g are an outer product: spread it without forming it (the autoencoder's last layer)
            forImages(s.n, (first, last) -> {
                for (int n = first; n < last; n++) {
                    int image = gradInput.offset() + n * s.c * s.h * s.w, grad = gradOut.offset() + n * s.l;
                    java.util.Arrays.fill(xs, image, image + s.c * s.h * s.w, 0f);
                    for (int c = 0; c < s.c; c++) ConvWindows.col2imOuterChannel(gs, grad, ws, weight.offset() + c * kk, s.h, s.w, g, xs, image + c * s.h * s.w);
                }
            });
            return;
        }
        forImages(s.n, (first, last) -> {
            int group = s.group(last - first);
            float[] cols = scratch(0, s.k * s.l * group);
            for (int n = first; n < last; n += group) {
                int count = Math.min(group, last - n), width = count * s.l;
                GemmOperand grads = groupGradients(gs, gradOut.offset(), n, count, s);
                Gemm.multiply(s.k, width, s.o, wT, grads, cols, 0, width);
                for (int b = 0; b < count; b++) {
                    int image = gradInput.offset() + (n + b) * s.c * s.h * s.w;
                    java.util.Arrays.fill(xs, image, image + s.c * s.h * s.w, 0f);
                    for (int c = 0; c < s.c; c++) ConvWindows.col2imChannel(cols, c * kk * width + b * s.l, width, s.h, s.w, g, xs, image + c * s.h * s.w);
                }
            }
        });
    }

    static void backwardWeight(Tensor x, Tensor gradOut, ConvGeometry g, Tensor gradWeight) {
        Sizes s = Sizes.of(x.dims(), gradWeight.size(0), g);
        float[] xs = floats(x), gs = floats(gradOut);
        if (WinogradConvolution.applies(g, s.c, s.o)) {
            KernelTrace.route("winograd F(2x2,3x3)");
            WinogradConvolution.backwardWeight(xs, x.offset(), gs, gradOut.offset(), s.n, s.c, s.h, s.w, s.o, g.padH(), g.padW(),
                    floats(gradWeight), gradWeight.offset());
            return;
        }
        if (ChannelsLastConvolution.appliesToWeightGradient(g, s.c, s.o)) {
            KernelTrace.route("channels-last gemm");
            ChannelsLastConvolution.backwardWeight(xs, x.offset(), gs, gradOut.offset(), s.n, s.c, s.h, s.w, s.o, g, floats(gradWeight), gradWeight.offset());
            return;
        }
        if (ImplicitGemmConvolution.appliesToWeightGradient(g, s.n, s.c, xs, x.offset(), s.n * s.c * s.h * s.w)) {
            KernelTrace.route("implicit gemm");
            ImplicitGemmConvolution.backwardWeight(xs, x.offset(), gs, gradOut.offset(), s.n, s.c, s.h, s.w, s.o, g, floats(gradWeight), gradWeight.offset());
            return;
        }
        if (KernelTrace.active()) { // which of the two reasons, only when traced
            KernelTrace.route("im2col + gemm" + (ImplicitGemmConvolution.appliesToForward(g, s.n, s.c, s.o) ? " (input has Inf/NaN)" : ""));
        }
        float[] total = sumOverImages(s.n, s.o * s.k, (first, last, sum) -> {
            int group = s.group(last - first);
            float[] cols = scratch(0, s.k * s.l * group);
            float[] product = scratch(1, s.o * s.k);
            for (int n = first; n < last; n += group) {
                int count = Math.min(group, last - n), width = count * s.l;
                im2colImages(xs, x.offset(), n, count, s, g, cols);
                GemmOperand grads = groupGradients(gs, gradOut.offset(), n, count, s);
                // g [O, count L] . cols^T [count L, K]: cols read transposed, element (l, k) = cols[k * count L + l]
                Gemm.multiply(s.o, s.k, width, grads, new GemmOperand(cols, 0, 1, width), product, 0, s.k);
                for (int i = 0; i < s.o * s.k; i++) sum[i] += product[i];
            }
        });
        System.arraycopy(total, 0, floats(gradWeight), gradWeight.offset(), s.o * s.k);
    }
}
