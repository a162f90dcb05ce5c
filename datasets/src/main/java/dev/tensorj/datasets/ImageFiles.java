package dev.tensorj.datasets;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads PNG/JPEG files into {@link Image}s and writes grayscale PNGs, through {@code javax.imageio}. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Decodes an image file: one channel when it is grayscale (with or without alpha), three (R, G, B)
     * otherwise; alpha is dropped. Values are the raw 0..255 samples.
     */
    public static Image read(Path file) {
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot decode the image: " + e.getMessage());
        }
        if (decoded == null) throw DatasetException.inFile(file, "not an image format javax.imageio can read (PNG, JPEG, BMP, GIF)");
        int height = decoded.getHeight(), width = decoded.getWidth(), plane = height * width;
        int colorChannels = decoded.getColorModel().getColorSpace().getNumComponents();
        if (colorChannels == 1 && decoded.getColorModel().getPixelSize() <= 16 && decoded.getRaster().getNumBands() <= 2
                && decoded.getType() != BufferedImage.TYPE_BYTE_INDEXED) {
            Raster raster = decoded.getRaster();
            int bits = decoded.getColorModel().getComponentSize(0);
            float scale = 255f / ((1 << bits) - 1);
            float[] values = new float[plane];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) values[y * width + x] = raster.getSample(x, y, 0) * scale;
            }
            return new Image(1, height, width, values);
        }
        float[] values = new float[3 * plane];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = decoded.getRGB(x, y);
                values[y * width + x] = (rgb >> 16) & 0xFF;
                values[plane + y * width + x] = (rgb >> 8) & 0xFF;
                values[2 * plane + y * width + x] = rgb & 0xFF;
            }
        }
        return new Image(3, height, width, values);
    }

    /** Writes {@code pixels} (row-major, {@code height · width} bytes, 0..255) as an 8-bit grayscale PNG. */
    public static void writeGrayPng(Path file, byte[] pixels, int height, int width) {
        if (pixels.length != height * width) throw new IllegalArgumentException("writeGrayPng: " + pixels.length + " pixels for " + height + "x" + width);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, pixels);
        write(file, image);
    }

    /** Writes {@code rgb} (row-major {@code 0xRRGGBB} per pixel) as an RGB PNG. */
    public static void writeRgbPng(Path file, int[] rgb, int height, int width) {
        if (rgb.length != height * width) throw new IllegalArgumentException("writeRgbPng: " + rgb.length + " pixels for " + height + "x" + width);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        write(file, image);
    }

    private static void write(Path file, BufferedImage image) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", file.toFile())) throw new IOException("no PNG writer");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
