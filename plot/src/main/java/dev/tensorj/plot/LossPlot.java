package dev.tensorj.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Several loss series in one chart, written as PNG — e.g. a GAN's generator and discriminator losses
 * step by step, where what matters is how the two move against each other.
 */
public final class LossPlot {
    private LossPlot() {
    }

    /** One line per entry of {@code series}, x = 1, 2, ... (in units of {@code xAxis}). */
    public static Path save(Map<String, List<Double>> series, String xAxis, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle(xAxis).yAxisTitle("loss").build();
        for (var entry : series.entrySet()) {
            List<Double> values = entry.getValue();
            if (values.isEmpty()) throw new IllegalArgumentException("LossPlot: series '" + entry.getKey() + "' is empty");
            double[] xs = new double[values.size()];
            double[] ys = new double[values.size()];
            for (int i = 0; i < ys.length; i++) {
                xs[i] = i + 1;
                ys[i] = values.get(i);
            }
            chart.addSeries(entry.getKey(), xs, ys).setMarker(values.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        Ticks.readable(chart); // one number of decimals per axis, with the leading zero
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        PngFiles.writeAtomically(file, path -> BitmapEncoder.saveBitmap(chart, path.toString(), BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
