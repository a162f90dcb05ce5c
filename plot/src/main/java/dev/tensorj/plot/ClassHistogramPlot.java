package dev.tensorj.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Examples per class of each split (train, validation, test) as grouped bars, e.g. to check a split is balanced. */
public final class ClassHistogramPlot {
    private ClassHistogramPlot() {
    }

    /** @param countsBySplit split name to the number of examples of each class, in class order */
    public static void save(Map<String, long[]> countsBySplit, List<String> classNames, String title, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(420).title(title).xAxisTitle("class").yAxisTitle("examples").build();
        chart.getStyler().setYAxisDecimalPattern("0.#").setLocale(java.util.Locale.ROOT); // counts: no long decimals
        for (var entry : countsBySplit.entrySet()) {
            long[] counts = entry.getValue();
            if (counts.length != classNames.size()) {
                throw new IllegalArgumentException("ClassHistogramPlot: split '" + entry.getKey() + "' has " + counts.length + " counts for " + classNames.size() + " classes");
            }
            List<Number> values = new ArrayList<>();
            Arrays.stream(counts).forEach(values::add);
            chart.addSeries(entry.getKey(), classNames, values);
        }
        PngFiles.writeAtomically(file, path -> BitmapEncoder.saveBitmap(chart, path.toString(), BitmapEncoder.BitmapFormat.PNG));
    }
}
