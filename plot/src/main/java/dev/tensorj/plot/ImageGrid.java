package dev.tensorj.plot;

import dev.tensorj.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A grid of images as one PNG: greyscale [N, 1, H, W] or colour [N, 3, H, W] tensors with values in
 * [0, 1] (or [-1, 1] with {@code signed}), optionally captioned with predicted/true labels, blue when
 * right and red when wrong — the course's figure.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /** Images only (e.g. generated samples or decoded digits). */
    public static void save(Tensor images, int columns, int scale, boolean signed, Path file) throws IOException {
        save(images, columns, scale, signed, null, null, null, file);
    }

    /**
     * With captions: {@code predicted[i]} under image i, blue if it equals {@code actual[i]}, red otherwise
     * (and "(true name)" added when wrong). {@code actual} may be null for plain captions.
     */
    public static void save(Tensor images, int columns, int scale, boolean signed, long[] predicted, long[] actual,
                            String[] classNames, Path file) throws IOException {
        BufferedImage grid = render(images, columns, scale, signed, predicted, actual, classNames);
        PngFiles.writeAtomically(file, path -> ImageIO.write(grid, "png", path.toFile()));
    }

    /** The grid that {@link #save(Tensor, int, int, boolean, long[], long[], String[], Path)} writes, as an image in memory. */
    public static BufferedImage render(Tensor images, int columns, int scale, boolean signed, long[] predicted, long[] actual, String[] classNames) {
        if (images.rank() != 4 || (images.size(1) != 1 && images.size(1) != 3)) {
            throw new IllegalArgumentException("ImageGrid: expects images [N, 1 or 3, H, W], got " + images.shape());
        }
        int n = images.size(0), channels = images.size(1), h = images.size(2), w = images.size(3);
        int rows = (n + columns - 1) / columns;
        int captionHeight = predicted == null ? 0 : 16;
        int cellW = w * scale + 8, cellH = h * scale + 8 + captionHeight;
        BufferedImage grid = new BufferedImage(Math.max(1, columns * cellW), Math.max(1, rows * cellH), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        float[] pixels = (signed ? images.add(1).mul(0.5) : images).clamp(0, 1).toFloatArray();
        for (int i = 0; i < n; i++) {
            int x0 = (i % columns) * cellW + 4, y0 = (i / columns) * cellH + 4;
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int base = i * channels * h * w + (y / scale) * w + (x / scale);
                    int r = Math.round(255 * pixels[base]);
                    int gr = channels == 3 ? Math.round(255 * pixels[base + h * w]) : r;
                    int b = channels == 3 ? Math.round(255 * pixels[base + 2 * h * w]) : r;
                    grid.setRGB(x0 + x, y0 + y, (r << 16) | (gr << 8) | b);
                }
            }
            if (predicted != null) {
                boolean right = actual == null || predicted[i] == actual[i];
                g.setColor(right ? new Color(0, 0, 200) : new Color(200, 0, 0));
                String caption = name(classNames, predicted[i]) + (right ? "" : " (" + name(classNames, actual[i]) + ")");
                g.drawString(caption, x0, y0 + h * scale + 13);
            }
        }
        g.dispose();
        return grid;
    }

    private static String name(String[] names, long c) {
        return names != null && c >= 0 && c < names.length ? names[(int) c] : Long.toString(c);
    }
}
