package dev.tensorj.datasets;

import dev.tensorj.tensor.Tensor;

/**
 * A decoded image as planar float values, channel by channel ({@code [C, H, W]} row-major), before it
 * becomes a tensor; the {@link ImageTransforms} work on it one image at a time.
 *
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param height   rows
 * @param width    columns
 * @param values   {@code channels · height · width} values, raw 0..255 until {@link ImageTransforms#toUnitRange()}
 */
public record Image(int channels, int height, int width, float[] values) {
    public Image {
        if (channels <= 0 || height <= 0 || width <= 0 || values.length != (long) channels * height * width) {
            throw new IllegalArgumentException("Image: " + values.length + " values do not fill " + channels + " channels of " + height + "x" + width);
        }
    }

    /** The value of channel {@code c} at row {@code y}, column {@code x}. */
    public float at(int c, int y, int x) {
        return values[(c * height + y) * width + x];
    }

    /** This image as a FLOAT32 tensor {@code [C, H, W]}. */
    public Tensor toTensor() {
        return Tensor.fromArray(values.clone(), channels, height, width);
    }
}
