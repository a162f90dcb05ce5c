package dev.tensorj.datasets;

import java.util.Arrays;

/**
 * The image transforms of the course's notebooks: bilinear resize, grayscale to three channels,
 * raw values to [0, 1] (the scaling half of torchvision's {@code ToTensor}), and per-channel
 * normalisation.
 */
public final class ImageTransforms {
    private ImageTransforms() {
    }

    /**
     * Bilinear resize to {@code height x width}, sampling at pixel centres (PyTorch's
     * {@code align_corners=False}): output pixel {@code (y, x)} reads the input at
     * {@code ((y + ½)·H_in/H_out − ½, (x + ½)·W_in/W_out − ½)}, clamped to the border, and mixes its
     * four neighbours by distance. No antialiasing filter is applied when shrinking.
     */
    public static ImageTransform resize(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("resize: size must be positive, got " + height + "x" + width);
        return image -> {
            if (image.height() == height && image.width() == width) return image;
            float[] out = new float[image.channels() * height * width];
            double scaleY = (double) image.height() / height, scaleX = (double) image.width() / width;
            for (int y = 0; y < height; y++) {
                double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
                int y0 = Math.min((int) sy, image.height() - 1), y1 = Math.min(y0 + 1, image.height() - 1);
                double fy = sy - y0;
                for (int x = 0; x < width; x++) {
                    double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
                    int x0 = Math.min((int) sx, image.width() - 1), x1 = Math.min(x0 + 1, image.width() - 1);
                    double fx = sx - x0;
                    for (int c = 0; c < image.channels(); c++) {
                        double top = image.at(c, y0, x0) * (1 - fx) + image.at(c, y0, x1) * fx;
                        double bottom = image.at(c, y1, x0) * (1 - fx) + image.at(c, y1, x1) * fx;
                        out[(c * height + y) * width + x] = (float) (top * (1 - fy) + bottom * fy);
                    }
                }
            }
            return new Image(image.channels(), height, width, out);
        };
    }

    /** A one-channel image repeated into three identical channels (torchvision's {@code Grayscale(3)} on gray input); RGB images pass unchanged. */
    public static ImageTransform grayscaleToRgb() {
        return image -> {
            if (image.channels() == 3) return image;
            if (image.channels() != 1) throw new IllegalArgumentException("grayscaleToRgb: expects 1 or 3 channels, got " + image.channels());
            int plane = image.height() * image.width();
            float[] out = new float[3 * plane];
            for (int c = 0; c < 3; c++) System.arraycopy(image.values(), 0, out, c * plane, plane);
            return new Image(3, image.height(), image.width(), out);
        };
    }

    /** Raw values 0..255 divided by 255, to [0, 1]. */
    public static ImageTransform toUnitRange() {
        return image -> {
            float[] out = image.values().clone();
            for (int i = 0; i < out.length; i++) out[i] /= 255f;
            return new Image(image.channels(), image.height(), image.width(), out);
        };
    }

    /** Per-channel {@code (x − mean[c]) / std[c]}, e.g. ImageNet's {@code mean = {0.485, 0.456, 0.406}, std = {0.229, 0.224, 0.225}}. */
    public static ImageTransform normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalize: mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std) + " must have one entry per channel");
        }
        for (double s : std) if (!(s > 0)) throw new IllegalArgumentException("normalize: std must be positive, got " + Arrays.toString(std));
        double[] means = mean.clone(), stds = std.clone();
        return image -> {
            if (image.channels() != means.length) {
                throw new IllegalArgumentException("normalize: statistics for " + means.length + " channels, the image has " + image.channels());
            }
            float[] out = image.values().clone();
            int plane = image.height() * image.width();
            for (int c = 0; c < means.length; c++) {
                for (int i = c * plane; i < (c + 1) * plane; i++) out[i] = (float) ((out[i] - means[c]) / stds[c]);
            }
            return new Image(image.channels(), image.height(), image.width(), out);
        };
    }
}
