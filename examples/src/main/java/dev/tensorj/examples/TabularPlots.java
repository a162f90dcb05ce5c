package dev.tensorj.examples;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of the notebook's tabular exercises: points of two features coloured by class (with
 * an optional straight decision boundary), and a grid of one histogram per feature.
 */
final class TabularPlots {
    private TabularPlots() {
    }

    /**
     * A scatter plot of feature {@code fx} against feature {@code fy} of {@code x} (rows = samples),
     * one series per class; when {@code boundary} = (w0, w1, b) is given, the line w0 x + w1 y + b = 0.
     */
    static void scatter(float[][] x, long[] labels, int fx, int fy, List<String> classNames, String xTitle, String yTitle,
                        String title, double[] boundary, Path file) throws IOException {
        if (x.length != labels.length) throw new IllegalArgumentException("TabularPlots.scatter: " + x.length + " rows but " + labels.length + " labels");
        XYChart chart = new XYChartBuilder().width(640).height(480).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int c = 0; c < classNames.size(); c++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                minX = Math.min(minX, x[i][fx]);
                maxX = Math.max(maxX, x[i][fx]);
                minY = Math.min(minY, x[i][fy]);
                maxY = Math.max(maxY, x[i][fy]);
                if (labels[i] == c) {
                    xs.add((double) x[i][fx]);
                    ys.add((double) x[i][fy]);
                }
            }
            if (!xs.isEmpty()) chart.addSeries(classNames.get(c), xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        if (boundary != null && boundary[1] != 0) {
            List<Double> lx = new ArrayList<>(), ly = new ArrayList<>(); // the line, kept inside the points' box
            for (int k = 0; k <= 400; k++) {
                double px = minX + (maxX - minX) * k / 400, py = -(boundary[0] * px + boundary[2]) / boundary[1];
                if (py >= minY && py <= maxY) {
                    lx.add(px);
                    ly.add(py);
                }
            }
            if (!lx.isEmpty()) { // else the line misses the points' box
                XYSeries line = chart.addSeries("decision boundary", List.of(lx.getFirst(), lx.getLast()), List.of(ly.getFirst(), ly.getLast()));
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(Color.BLACK);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** One histogram of {@code bins} bars per feature column of {@code x}, four to a row, titled by {@code names}. */
    static void histograms(float[][] x, List<String> names, int bins, String title, Path file) throws IOException {
        int features = names.size(), columns = 4, rows = (features + columns - 1) / columns, cell = 220, top = 30;
        BufferedImage image = new BufferedImage(columns * cell, top + rows * cell, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 8, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int f = 0; f < features; f++) {
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float[] row : x) {
                min = Math.min(min, row[f]);
                max = Math.max(max, row[f]);
            }
            int[] counts = new int[bins];
            for (float[] row : x) counts[max > min ? Math.min(bins - 1, (int) ((row[f] - min) / (max - min) * bins)) : 0]++;
            int most = 1;
            for (int c : counts) most = Math.max(most, c);
            int ox = (f % columns) * cell + 10, oy = top + (f / columns) * cell, w = cell - 20, h = cell - 60;
            g.setColor(Color.BLACK);
            g.drawString(names.get(f), ox, oy + 14);
            g.drawString(String.format(java.util.Locale.ROOT, "%.3g .. %.3g", min, max), ox, oy + h + 40);
            g.setColor(new Color(31, 119, 180));
            for (int b = 0; b < bins; b++) {
                int bh = (int) Math.round((double) counts[b] / most * h);
                g.fillRect(ox + b * w / bins, oy + 20 + h - bh, Math.max(1, w / bins - 1), bh);
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1));
            g.drawLine(ox, oy + 20 + h, ox + w, oy + 20 + h);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
