package dev.tensorj.tensorboard;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.plot.ImageGrid;
import dev.tensorj.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;

/** Pictures and histograms of a model's parameters, shared by the Trainer and GAN callbacks. */
public final class ModelImages {
    private static final int KERNEL_PIXELS = 40;

    private ModelImages() {
    }

    /**
     * The first convolution's kernels (the model's first rank-4 parameter, [out, in, kh, kw]) as a
     * grid: colour images when {@code in} is 3, else one grey image per (out, in) pair; grey is 0,
     * white and black the largest weight magnitude, so kernels compare across epochs. Empty when the
     * model has no convolution.
     */
    public static Optional<BufferedImage> firstLayerKernels(Layer model) {
        for (Variable p : model.namedParameters().values()) {
            Tensor w = p.data();
            if (w.rank() != 4) continue;
            int out = w.size(0), in = w.size(1), kh = w.size(2), kw = w.size(3);
            Tensor kernels = in == 3 ? w : w.contiguous().reshape(out * in, 1, kh, kw);
            float largest = 0;
            for (float v : w.toFloatArray()) if (Float.isFinite(v)) largest = Math.max(largest, Math.abs(v));
            if (largest > 0) kernels = kernels.div(largest);
            int scale = Math.max(1, KERNEL_PIXELS / Math.max(kh, kw));
            int columns = in == 3 || in == 1 ? Math.min(16, out) : in;
            return Optional.of(ImageGrid.render(kernels, columns, scale, true, null, null, null));
        }
        return Optional.empty();
    }

    /**
     * Writes a histogram of every parameter, {@code <prefix>weights/<name>}, and of its gradient when it
     * has one, {@code <prefix>gradients/<name>}, at {@code step}.
     */
    public static void writeHistograms(SummaryWriter writer, String prefix, Layer model, long step) {
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
            writer.addHistogram(prefix + "weights/" + e.getKey(), e.getValue().data(), step);
            Tensor grad = e.getValue().grad();
            if (grad != null) writer.addHistogram(prefix + "gradients/" + e.getKey(), grad, step);
        }
    }

    /** A model's structure for the Text tab: its {@code toString()} as a code block, and its parameter count. */
    public static String describe(Layer model) {
        return "    " + model.toString().replace("\n", "\n    ") + String.format(java.util.Locale.ROOT, "%n%n%,d parameters", model.parameterCount());
    }
}
