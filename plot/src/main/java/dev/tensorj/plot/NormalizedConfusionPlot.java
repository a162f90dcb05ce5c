package dev.tensorj.plot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A row-normalised confusion matrix (each true class's row sums to 1, the course's {@code CM} with
 * {@code normalize='true'}) as a heat map with the shares written in the cells and a colour bar.
 */
public final class NormalizedConfusionPlot {
    private NormalizedConfusionPlot() {
    }

    /** @param shares {@code shares[t][p]}: the share of class t's samples predicted as p */
    public static void save(double[][] shares, String[] classNames, String title, Path file) throws IOException {
        int n = shares.length;
        int cell = 56, left = 120, top = 60, bottom = 110, bar = 70;
        int width = left + n * cell + 20 + bar, height = top + n * cell + bottom;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            if (shares[t].length != n) throw new IllegalArgumentException("NormalizedConfusionPlot: row " + t + " has " + shares[t].length + " entries, expected " + n);
            for (int p = 0; p < n; p++) {
                float intensity = (float) Math.max(0, Math.min(1, shares[t][p]));
                g.setColor(shade(intensity));
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(intensity > 0.55f ? Color.WHITE : Color.BLACK);
                String text = String.format(Locale.ROOT, "%.2f", shares[t][p]);
                g.drawString(text, left + p * cell + (cell - fm.stringWidth(text)) / 2, top + t * cell + cell / 2 + fm.getAscent() / 2 - 2);
            }
            g.setColor(Color.BLACK);
            String name = label(classNames, t);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + t * cell + cell / 2 + fm.getAscent() / 2 - 2);
        }
        for (int p = 0; p < n; p++) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + p * cell + cell / 2 + 4, top + n * cell + 8);
            rotated.rotate(Math.PI / 2);
            rotated.drawString(label(classNames, p), 0, 0);
            rotated.dispose();
        }
        int barX = left + n * cell + 24, barHeight = n * cell;
        for (int y = 0; y < barHeight; y++) {
            g.setColor(shade(1 - (float) y / (barHeight - 1)));
            g.fillRect(barX, top + y, 16, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(barX, top, 16, barHeight);
        for (double tick : new double[] {0, 0.5, 1}) g.drawString(String.format(Locale.ROOT, "%.1f", tick), barX + 20, top + (int) ((1 - tick) * (barHeight - 1)) + 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("rows: true class (each sums to 1), columns: predicted class", left, 44);
        g.dispose();
        PngFiles.writeAtomically(file, path -> ImageIO.write(image, "png", path.toFile()));
    }

    private static Color shade(float intensity) {
        return new Color(1 - 0.85f * intensity, 1 - 0.6f * intensity, 1f); // white to blue, as ConfusionMatrixPlot
    }

    private static String label(String[] names, int i) {
        return names != null && i < names.length ? names[i] : Integer.toString(i);
    }
}
