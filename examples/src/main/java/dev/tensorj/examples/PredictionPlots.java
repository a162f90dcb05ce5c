package dev.tensorj.examples;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Fashion notebook's prediction figures: {@code plot_image} beside {@code plot_value_array} for
 * a grid of test images (the image captioned "predicted confidence% (true)", blue when right, red
 * when wrong; a bar chart of the class probabilities with the predicted bar red and the true bar
 * blue), and the grid of training images with their class names.
 */
final class PredictionPlots {
    static final Color RIGHT = new Color(31, 119, 180), WRONG = new Color(214, 39, 40), OTHER = new Color(119, 119, 119);
    private static final int IMAGE = 112, BARS = 160, CELL_H = 150, PAD = 10;

    private PredictionPlots() {
    }

    /**
     * Writes {@code rows x columns} (image, probabilities) pairs.
     *
     * @param images        [N, H, W] or [N, 1, H, W] grey levels in 0..1
     * @param probabilities [N, classes], each row summing to 1
     */
    static void valueArrayGrid(Tensor images, Tensor probabilities, long[] actual, String[] classNames, int rows, int columns, Path file) throws IOException {
        int n = Math.min(rows * columns, images.size(0));
        int classes = probabilities.size(1);
        if (probabilities.size(0) < n || actual.length < n || classNames.length != classes) {
            throw new IllegalArgumentException("PredictionPlots.valueArrayGrid: " + n + " images need as many probability rows (got " + probabilities.size(0)
                    + ") and labels (got " + actual.length + "), and " + classes + " class names (got " + classNames.length + ")");
        }
        float[][] pixels = grey(images, n);
        int h = images.size(images.rank() - 2), w = images.size(images.rank() - 1);
        float[] p = probabilities.to(DType.FLOAT32).contiguous().toFloatArray();
        int cellW = IMAGE + BARS + 3 * PAD;
        BufferedImage out = canvas(columns * cellW, rows * (CELL_H + 2 * PAD));
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < n; i++) {
            int ox = (i % columns) * cellW + PAD, oy = (i / columns) * (CELL_H + 2 * PAD) + PAD;
            int predicted = 0;
            for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + predicted]) predicted = c;
            drawImage(g, pixels[i], h, w, ox, oy, IMAGE);
            g.setColor(predicted == actual[i] ? RIGHT : WRONG);
            g.drawString(String.format(Locale.ROOT, "%s %.0f%% (%s)", classNames[predicted], 100 * p[i * classes + predicted], classNames[(int) actual[i]]),
                    ox, oy + IMAGE + 16);
            int bx = ox + IMAGE + PAD, barW = BARS / classes;
            for (int c = 0; c < classes; c++) {
                int bh = Math.round(p[i * classes + c] * IMAGE);
                g.setColor(c == actual[i] ? RIGHT : c == predicted ? WRONG : OTHER);
                g.fillRect(bx + c * barW, oy + IMAGE - bh, barW - 2, bh);
                g.setColor(Color.DARK_GRAY);
                g.drawString(Integer.toString(c), bx + c * barW + 2, oy + IMAGE + 14);
            }
            g.drawLine(bx, oy + IMAGE, bx + classes * barW, oy + IMAGE);
        }
        g.dispose();
        write(out, file);
    }

    /** The first {@code rows x columns} images, each with its class name underneath. */
    static void trainingGrid(Tensor images, long[] labels, String[] classNames, int rows, int columns, Path file) throws IOException {
        int n = Math.min(rows * columns, images.size(0)), size = 84, cellH = size + 22;
        float[][] pixels = grey(images, n);
        int h = images.size(images.rank() - 2), w = images.size(images.rank() - 1);
        BufferedImage out = canvas(columns * (size + PAD) + PAD, rows * cellH + PAD);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < n; i++) {
            int ox = PAD + (i % columns) * (size + PAD), oy = PAD + (i / columns) * cellH;
            drawImage(g, pixels[i], h, w, ox, oy, size);
            g.setColor(Color.BLACK);
            g.drawString(classNames[(int) labels[i]], ox, oy + size + 13);
        }
        g.dispose();
        write(out, file);
    }

    /**
     * What a Fashion/MNIST classifier run writes beside its other plots: {@code prediction-grid.png}
     * (the first 15 test images, 5 rows of 3, as the notebook), {@code training-images.png} (the
     * first 25 training images with class names) and {@code model.safetensors} (its state_dict, for
     * {@code tensorj predict}).
     */
    static void writeClassifierFigures(dev.tensorj.nn.Layer model, Tensor testImages, Tensor logits, long[] actual,
                                       Tensor trainImages, long[] trainLabels, String[] classNames, Path dir) throws IOException {
        Tensor cpuLogits = logits.to(dev.tensorj.tensor.Device.CPU);
        valueArrayGrid(testImages, cpuLogits.narrow(0, 0, Math.min(15, cpuLogits.size(0))).softmax(1), actual, classNames, 5, 3, dir.resolve("prediction-grid.png"));
        trainingGrid(trainImages, trainLabels, classNames, 5, 5, dir.resolve("training-images.png"));
        java.util.Map<String, Tensor> state = new java.util.LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> state.put(k, v.to(dev.tensorj.tensor.Device.CPU)));
        dev.tensorj.nn.io.SafeTensors.save(state, dir.resolve("model.safetensors"));
    }

    private static float[][] grey(Tensor images, int n) {
        int h = images.size(images.rank() - 2), w = images.size(images.rank() - 1);
        float[] flat = images.narrow(0, 0, n).to(DType.FLOAT32).contiguous().toFloatArray();
        if (flat.length != n * h * w) throw new IllegalArgumentException("PredictionPlots: expected one grey channel per image, got shape " + images.shape());
        float[][] out = new float[n][h * w];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * h * w, out[i], 0, h * w);
        return out;
    }

    /** Draws one grey image scaled to size x size with a binary colour map (white background, dark ink), as plt.cm.binary. */
    private static void drawImage(Graphics2D g, float[] pixels, int h, int w, int ox, int oy, int size) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = 255 - Math.clamp(Math.round(pixels[y * w + x] * 255), 0, 255);
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        g.drawImage(img, ox, oy, size, size, null);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(ox, oy, size, size);
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return out;
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
