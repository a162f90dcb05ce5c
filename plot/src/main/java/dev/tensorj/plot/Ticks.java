package dev.tensorj.plot;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.Locale;

/**
 * Readable axis labels for the XY charts: one number of decimals per axis, chosen from the data's range and
 * always with the leading zero ({@code 0.08} beside {@code 0.26}, never {@code .08}; never
 * {@code 0.737900000810623}); an axis whose data is one value gets a small range around it so its ticks differ.
 */
final class Ticks {
    private Ticks() {
    }

    /** Sets both axes' decimal patterns (and, for a constant axis, its range); call after adding the series. */
    static void readable(XYChart chart) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double x : s.getXData()) if (Double.isFinite(x)) { xMin = Math.min(xMin, x); xMax = Math.max(xMax, x); }
            for (double y : s.getYData()) if (Double.isFinite(y)) { yMin = Math.min(yMin, y); yMax = Math.max(yMax, y); }
        }
        var styler = chart.getStyler();
        styler.setLocale(Locale.ROOT);
        if (xMin <= xMax) {
            if (xMin == xMax) { // one epoch or step: half a unit each side
                double pad = xMin == Math.rint(xMin) ? 0.5 : pad(xMin);
                styler.setXAxisMin(xMin - pad).setXAxisMax(xMax + pad);
                xMin -= pad;
                xMax += pad;
            }
            styler.setXAxisDecimalPattern(pattern(xMin, xMax));
        }
        if (yMin <= yMax) {
            if (yMin == yMax) {
                styler.setYAxisMin(yMin - pad(yMin)).setYAxisMax(yMax + pad(yMax));
                yMin -= pad(yMin);
                yMax += pad(yMax);
            }
            styler.setYAxisDecimalPattern(pattern(yMin, yMax));
        }
    }

    /** Half the range given to an axis whose data is the one value {@code v}. */
    static double pad(double v) {
        return v == 0 ? 1 : Math.abs(v) * 0.05;
    }

    /**
     * A {@link java.text.DecimalFormat} pattern for ticks over {@code [min, max]}: as many decimals as a fifth of the
     * range needs (at most 8), plus one optional digit for spacings like 0.25, always with the leading zero.
     */
    static String pattern(double min, double max) {
        double range = max - min;
        if (!(range > 0) || !Double.isFinite(range)) return "0.###";
        int decimals = (int) Math.max(0, Math.min(8, Math.ceil(-Math.log10(range / 5))));
        return decimals == 0 ? "0.#" : "0." + "0".repeat(decimals) + "#";
    }
}
