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
 * The course's learning-curve figure: one chart per metric, the training series against the
 * validation series ({@code loss} with {@code val_loss}, {@code accuracy} with {@code val_accuracy}),
 * by epoch. Written as PNG.
 */
public final class LearningCurves {
    private LearningCurves() {
    }

    /**
     * Writes one PNG per training metric of {@code history} (e.g. {@code loss.png}, {@code accuracy.png})
     * into {@code directory}, and returns their paths.
     */
    public static List<Path> save(Map<String, List<Double>> history, Path directory, String titlePrefix) throws IOException {
        Files.createDirectories(directory);
        List<Path> written = new java.util.ArrayList<>();
        for (var entry : history.entrySet()) {
            String metric = entry.getKey();
            if (metric.startsWith("val_") || metric.equals("lr")) continue;
            XYChart chart = new XYChartBuilder().width(640).height(420)
                    .title(titlePrefix + metric).xAxisTitle("epoch").yAxisTitle(metric).build();
            addSeries(chart, "train " + metric, entry.getValue());
            List<Double> validation = history.get("val_" + metric);
            if (validation != null && !validation.isEmpty()) addSeries(chart, "validation " + metric, validation);
            Ticks.readable(chart); // one number of decimals per axis, with the leading zero
            Path file = directory.resolve(metric + ".png");
            PngFiles.writeAtomically(file, path -> BitmapEncoder.saveBitmap(chart, path.toString(), BitmapEncoder.BitmapFormat.PNG));
            written.add(file);
        }
        return written;
    }

    private static void addSeries(XYChart chart, String name, List<Double> values) {
        double[] epochs = new double[values.size()];
        double[] ys = new double[values.size()];
        for (int i = 0; i < ys.length; i++) {
            epochs[i] = i + 1;
            ys[i] = values.get(i);
        }
        chart.addSeries(name, epochs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
}
