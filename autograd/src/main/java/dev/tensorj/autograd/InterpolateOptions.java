package dev.tensorj.autograd;

/**
 * PyTorch's {@code F.interpolate} arguments by name, for images [N, C, H, W]: an explicit output
 * {@code size} or a {@code scale_factor} (one of the two), the {@code mode}, {@code align_corners}
 * (bilinear only) and {@code recompute_scale_factor}:
 * <pre>
 *   F.interpolate(x, InterpolateOptions.size(32, 48))                               // nearest
 *   F.interpolate(x, InterpolateOptions.scaleFactor(1.5).bilinear().alignCorners(true))
 * </pre>
 *
 * @param outH      output height for a sized resize (0 when a scale factor is given)
 * @param scaleH    scale factor along the height (0 when a size is given); the output is floor(H scaleH)
 *                  high, and the source coordinates use 1 / scaleH as PyTorch does (not H / outH)
 * @param recomputeScaleFactor with a scale factor: compute the output size, then place the samples as
 *                  for an explicit size (PyTorch's {@code recompute_scale_factor=True})
 */
public record InterpolateOptions(Mode mode, int outH, int outW, double scaleH, double scaleW, boolean alignCorners,
                                 boolean recomputeScaleFactor) {

    /** The interpolation: PyTorch's 'nearest' (the source pixel floor(dst * in / out)) and 'bilinear'. */
    public enum Mode {
        /** Each output pixel copies its nearest source pixel. */
        NEAREST,
        /** Each output pixel blends the four source pixels around it. */
        BILINEAR
    }

    /** Checks that exactly one of a size and a scale factor is given, and that it is positive. */
    public InterpolateOptions {
        if (mode == null) throw new IllegalArgumentException("InterpolateOptions: mode must not be null");
        boolean sized = outH != 0 || outW != 0, scaled = scaleH != 0 || scaleW != 0;
        if (sized == scaled) {
            throw new IllegalArgumentException("InterpolateOptions: give either a size or a scale factor, got size " + outH + "x" + outW + " and scale " + scaleH + "x" + scaleW);
        }
        if (sized && (outH < 1 || outW < 1)) throw new IllegalArgumentException("InterpolateOptions: size must be >= 1, got " + outH + "x" + outW);
        if (scaled && !(scaleH > 0 && scaleW > 0 && Double.isFinite(scaleH) && Double.isFinite(scaleW))) {
            throw new IllegalArgumentException("InterpolateOptions: scale factors must be finite and > 0, got " + scaleH + "x" + scaleW);
        }
        if (sized && recomputeScaleFactor) {
            throw new IllegalArgumentException("InterpolateOptions: recomputeScaleFactor is not meaningful with an explicit size (" + outH + "x" + outW + ")");
        }
    }

    /** Resize to outH x outW, nearest. */
    public static InterpolateOptions size(int outH, int outW) {
        return new InterpolateOptions(Mode.NEAREST, outH, outW, 0, 0, false, false);
    }

    /** Resize to size x size, nearest. */
    public static InterpolateOptions size(int size) {
        return size(size, size);
    }

    /** Scale both axes by {@code scale} (output floor(in scale)), nearest. */
    public static InterpolateOptions scaleFactor(double scale) {
        return scaleFactor(scale, scale);
    }

    /** Scale the height by scaleH and the width by scaleW, nearest. */
    public static InterpolateOptions scaleFactor(double scaleH, double scaleW) {
        return new InterpolateOptions(Mode.NEAREST, 0, 0, scaleH, scaleW, false, false);
    }

    /** The same resize with another interpolation. */
    public InterpolateOptions mode(Mode mode) {
        return new InterpolateOptions(mode, outH, outW, scaleH, scaleW, alignCorners, recomputeScaleFactor);
    }

    /** mode(BILINEAR). */
    public InterpolateOptions bilinear() {
        return mode(Mode.BILINEAR);
    }

    /** Bilinear only: corner pixels of input and output are aligned, src = dst (in - 1) / (out - 1) (default false: half-pixel centres). */
    public InterpolateOptions alignCorners(boolean on) {
        return new InterpolateOptions(mode, outH, outW, scaleH, scaleW, on, recomputeScaleFactor);
    }

    /** With a scale factor: place the samples as for the size it gives (PyTorch's {@code recompute_scale_factor}). */
    public InterpolateOptions recomputeScaleFactor(boolean on) {
        return new InterpolateOptions(mode, outH, outW, scaleH, scaleW, alignCorners, on);
    }

    /** The output size along the height (axis 0) or width (axis 1) for an input of size {@code in}. */
    int outputSize(int axis, int in) {
        if (scaleH == 0) return axis == 0 ? outH : outW;
        return (int) Math.floor(in * (axis == 0 ? scaleH : scaleW));
    }

    /** The scale factor PyTorch's kernels use along that axis, or 0 where they use in / out. */
    double kernelScale(int axis) {
        return recomputeScaleFactor ? 0 : axis == 0 ? scaleH : scaleW;
    }
}
