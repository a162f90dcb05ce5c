package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.PoolOptions;
import dev.tensorj.autograd.Variable;

/**
 * PyTorch's {@code AdaptiveAvgPool2d((outH, outW))}: output cell (i, j) is the mean of input rows
 * {@code floor(i*H/outH) .. ceil((i+1)*H/outH) - 1} and the matching columns, so any input size gives
 * an outH x outW map (AlexNet's 6 x 6, VGG's 7 x 7 before their classifiers).
 *
 * <p>When the input already has the output size this is the identity (AlexNet and VGG at 224 x 224);
 * when the sizes divide evenly it is one ordinary average pooling; otherwise the windows overlap or
 * differ in size and it is computed as a mean over each window's rows, then over its columns (the
 * average over a rectangle is separable), from slices, means and a concatenation, so its gradient
 * comes from those ops.
 */
public final class AdaptivePooling {
    private AdaptivePooling() {
    }

    /** AdaptiveAvgPool2d((outH, outW)) for inputs [N, C, H, W]. */
    public static FunctionLayer adaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        return new FunctionLayer("AdaptiveAvgPool2d", x -> adaptiveAvgPool2d(x, outH, outW));
    }

    /** The pooling itself, on a Variable [N, C, H, W]; returns [N, C, outH, outW]. */
    public static Variable adaptiveAvgPool2d(Variable x, int outH, int outW) {
        int[] d = x.data().dims();
        if (d.length != 4) throw new IllegalArgumentException("AdaptiveAvgPool2d: expects [N, C, H, W], got " + java.util.Arrays.toString(d));
        int h = d[2], w = d[3];
        if (h == outH && w == outW) return x;
        if (h % outH == 0 && w % outW == 0) {
            int kh = h / outH, kw = w / outW;
            return F.avgPool2d(x, PoolOptions.kernel(kh, kw));
        }
        return windows(windows(x, 2, outH), 3, outW);
    }

    /** Means over the adaptive windows along one axis. */
    private static Variable windows(Variable x, int axis, int out) {
        int in = x.data().size(axis);
        if (in == out) return x;
        Variable[] parts = new Variable[out];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floor((double) i * in / out);
            int end = (int) Math.ceil((double) (i + 1) * in / out);
            parts[i] = x.slice(axis, start, end).mean(new int[] {axis}, true);
        }
        return Variable.concat(axis, parts);
    }
}
