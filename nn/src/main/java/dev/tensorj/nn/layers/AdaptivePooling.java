package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;

/**
 * PyTorch's {@code AdaptiveAvgPool2d((outH, outW))}: output cell (i, j) is the mean of input rows
 * {@code floor(i*H/outH) .. ceil((i+1)*H/outH) - 1} and the matching columns, so any input size gives
 * an outH x outW map (AlexNet's 6 x 6, VGG's 7 x 7 before their classifiers).
 *
 * <p>When the input already has the output size this is the identity (AlexNet and VGG at 224 x 224);
 * when the sizes divide evenly it is one ordinary average pooling; otherwise the windows overlap or
 * differ in size (see {@link F#adaptiveAvgPool2d}).
 */
public final class AdaptivePooling {
    private AdaptivePooling() {
    }

    /** AdaptiveAvgPool2d((outH, outW)) for inputs [N, C, H, W]. */
    public static FunctionLayer adaptiveAvgPool2d(int outH, int outW) {
        if (outH < 1 || outW < 1) throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be positive, got " + outH + "x" + outW);
        return new FunctionLayer("AdaptiveAvgPool2d", x -> adaptiveAvgPool2d(x, outH, outW));
    }

    /** The pooling itself, on a Variable [N, C, H, W]; returns [N, C, outH, outW] ({@link F#adaptiveAvgPool2d}). */
    public static Variable adaptiveAvgPool2d(Variable x, int outH, int outW) {
        return F.adaptiveAvgPool2d(x, outH, outW);
    }
}
