package dev.tensorj.plot;

import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tick labels with one number of decimals and a leading zero; a colour bar beside the counts; the row-normalised matrix. */
class ReadablePlotsTest {
    @TempDir
    Path dir;

    private static String format(String pattern, double v) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v);
    }

    @Test
    void tickPatternsKeepTheLeadingZeroAndFewDecimals() {
        String losses = Ticks.pattern(0.08, 0.26); // a loss curve's range
        assertEquals("0.08", format(losses, 0.08));
        assertEquals("0.26", format(losses, 0.26));
        assertEquals("0.74", format(Ticks.pattern(0.5, 1.0), 0.737900000810623));
        assertEquals("0.25", format(Ticks.pattern(0, 1), 0.25), "a spacing of 0.25 keeps its digit");
        assertEquals("12", format(Ticks.pattern(1, 20), 12.0));
        assertEquals("2.5", format(Ticks.pattern(0, 10), 2.5));
    }

    @Test
    void aConstantSeriesGetsARangeAndAShortPattern() {
        XYChart chart = new XYChartBuilder().width(200).height(100).build();
        chart.addSeries("accuracy", new double[] {1}, new double[] {0.737900000810623});
        Ticks.readable(chart);
        assertTrue(chart.getStyler().getYAxisMin() < 0.7379 && chart.getStyler().getYAxisMax() > 0.7379);
        assertEquals("0.738", format(chart.getStyler().getYAxisDecimalPattern(), 0.737900000810623));
        assertEquals("1.0", format(chart.getStyler().getXAxisDecimalPattern(), 1.0));
    }

    @Test
    void theCountsMatrixHasAColourBarAndANormalisedVariant() throws Exception {
        ConfusionMatrix cm = ConfusionMatrix.of(Tensor.ofLongs(0, 1, 1, 1), Tensor.ofLongs(0, 1, 0, 0), 2);
        BufferedImage image = ConfusionMatrixPlot.render(cm, new String[] {"cat", "dog"}, "t");
        int barX = 120 + 2 * 56 + 24 + 8, top = 60, bottom = 60 + 2 * 56 - 2;
        assertEquals(120 + 2 * 56 + 20 + ConfusionMatrixPlot.COLOUR_BAR_WIDTH, image.getWidth());
        int dark = image.getRGB(barX, top + 2) & 0xFFFFFF, light = image.getRGB(barX, bottom) & 0xFFFFFF;
        assertTrue((dark & 0xFF0000) >> 16 < 0x40 && (light & 0xFF0000) >> 16 > 0xF0, Integer.toHexString(dark) + " " + Integer.toHexString(light));

        Path file = dir.resolve("normalised.png");
        ConfusionMatrixPlot.saveNormalised(cm, new String[] {"cat", "dog"}, "t", file);
        BufferedImage normalised = ImageIO.read(file.toFile());
        // row "dog": 2 of 3 predicted cat (share 0.67), 1 predicted dog: the cat cell is darker than the dog cell
        int catCell = normalised.getRGB(120 + 4, 60 + 56 + 4) & 0xFF0000, dogCell = normalised.getRGB(120 + 56 + 4, 60 + 56 + 4) & 0xFF0000;
        assertTrue(catCell < dogCell, Integer.toHexString(catCell) + " vs " + Integer.toHexString(dogCell));
    }
}
