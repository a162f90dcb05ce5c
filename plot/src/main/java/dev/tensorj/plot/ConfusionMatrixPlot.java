package dev.tensorj.plot;

import dev.tensorj.nn.metrics.ConfusionMatrix;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A confusion-matrix heat map with the counts written in the cells (rows: true class, columns: predicted) and a
 * colour bar from 0 to the largest count; {@link NormalizedConfusionPlot} draws the row-normalised variant.
 */
public final class ConfusionMatrixPlot {
    private ConfusionMatrixPlot() {
    }

    public static void save(ConfusionMatrix matrix, String[] classNames, String title, Path file) throws IOException {
        BufferedImage image = render(matrix, classNames, title);
        PngFiles.writeAtomically(file, path -> ImageIO.write(image, "png", path.toFile()));
    }

    /** The heat map that {@link #save} writes, as an image in memory. */
    public static BufferedImage render(ConfusionMatrix matrix, String[] classNames, String title) {
        int n = matrix.numClasses();
        int cell = 56, left = 120, top = 60, bottom = 110;
        int width = left + n * cell + 20 + COLOUR_BAR_WIDTH, height = top + n * cell + bottom;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        long max = 1;
        for (long[] row : matrix.counts()) for (long c : row) max = Math.max(max, c);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                long count = matrix.count(t, p);
                float intensity = (float) count / max;
                g.setColor(new Color(1 - 0.85f * intensity, 1 - 0.6f * intensity, 1f)); // white to blue
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(intensity > 0.55f ? Color.WHITE : Color.BLACK);
                String text = Long.toString(count);
                g.drawString(text, left + p * cell + (cell - fm.stringWidth(text)) / 2, top + t * cell + cell / 2 + fm.getAscent() / 2 - 2);
            }
            g.setColor(Color.BLACK);
            String name = label(classNames, t);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + t * cell + cell / 2 + fm.getAscent() / 2 - 2);
        }
        for (int p = 0; p < n; p++) {
            String name = label(classNames, p);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + p * cell + cell / 2 + 4, top + n * cell + 8);
            rotated.rotate(Math.PI / 2);
            rotated.drawString(name, 0, 0);
            rotated.dispose();
        }
        drawColourBar(g, left + n * cell + 24, top, n * cell, max);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("rows: true class, columns: predicted class", left, 44);
        g.dispose();
        return image;
    }

    /** Room the colour bar takes right of the cells. */
    static final int COLOUR_BAR_WIDTH = 70;

    /** A vertical bar from white (0, bottom) to the darkest blue ({@code max}, top), with 0, the middle and the maximum written beside it. */
    private static void drawColourBar(Graphics2D g, int x, int top, int height, long max) {
        for (int y = 0; y < height; y++) {
            float intensity = 1 - (float) y / Math.max(1, height - 1);
            g.setColor(new Color(1 - 0.85f * intensity, 1 - 0.6f * intensity, 1f));
            g.fillRect(x, top + y, 16, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, top, 16, height);
        long[] ticks = max >= 2 ? new long[] {0, max / 2, max} : new long[] {0, max};
        for (long tick : ticks) g.drawString(Long.toString(tick), x + 20, top + (int) ((1 - (double) tick / max) * (height - 1)) + 4);
    }

    /** Writes the row-normalised variant of {@code matrix} (each true class's row sums to 1; an empty row stays 0). */
    public static void saveNormalised(ConfusionMatrix matrix, String[] classNames, String title, Path file) throws IOException {
        int n = matrix.numClasses();
        double[][] shares = new double[n][n];
        for (int t = 0; t < n; t++) {
            long total = 0;
            for (int p = 0; p < n; p++) total += matrix.count(t, p);
            for (int p = 0; p < n; p++) shares[t][p] = total == 0 ? 0 : (double) matrix.count(t, p) / total;
        }
        NormalizedConfusionPlot.save(shares, classNames, title, file);
    }

    private static String label(String[] names, int i) {
        return names != null && i < names.length ? names[i] : Integer.toString(i);
    }
}
