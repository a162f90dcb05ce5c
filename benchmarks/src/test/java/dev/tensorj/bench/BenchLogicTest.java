package dev.tensorj.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure logic of the runner: baseline parsing, floor verdicts, unit conversion and table layout. No timing. */
class BenchLogicTest {
    private static final String BASELINE = """
            # a comment
            floor-fraction=0.40
            gemm512=10.0
            add4M = 0.5
            """;

    @Test
    void parsesFloorFractionAndRatios() {
        Baseline baseline = Baseline.parse(BASELINE);
        assertEquals(0.40, baseline.floorFraction(), 1e-12);
        assertEquals(Map.of("gemm512", 10.0, "add4M", 0.5), baseline.ratios());
    }

    @Test
    void floorFractionDefaultsWhenAbsent() {
        assertEquals(Baseline.DEFAULT_FLOOR_FRACTION, Baseline.parse("gemm512=3").floorFraction(), 1e-12);
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        var notNumber = assertThrows(IllegalArgumentException.class, () -> Baseline.parse("gemm512=fast"));
        assertTrue(notNumber.getMessage().contains("gemm512"), notNumber.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Baseline.parse("gemm512=-1"));
        assertThrows(IllegalArgumentException.class, () -> Baseline.parse("floor-fraction=1.5"));
    }

    @Test
    void passesAtOrAboveTheFloorAndFailsBelowIt() {
        Baseline baseline = Baseline.parse(BASELINE);
        assertTrue(baseline.evaluate("gemm512", 4.0).passed()); // floor = 0.4 * 10 = 4
        assertTrue(baseline.evaluate("gemm512", 25.0).passed());
        Baseline.Verdict slow = baseline.evaluate("gemm512", 3.9);
        assertFalse(slow.passed());
        assertEquals(4.0, slow.floor(), 1e-12);
        assertTrue(slow.message().startsWith("FAILED gemm512"), slow.message());
        assertTrue(slow.message().contains("3.90") && slow.message().contains("4.00"), slow.message());
        assertFalse(baseline.evaluate("gemm512", Double.NaN).passed());
    }

    @Test
    void aKernelWithoutRecordedRatioFailsWithAHint() {
        Baseline.Verdict verdict = Baseline.parse(BASELINE).evaluate("softmaxRows", 1.0);
        assertFalse(verdict.passed());
        assertTrue(verdict.message().contains("--record-baseline"), verdict.message());
    }

    @Test
    void formattedBaselineParsesBackToTheSameRatios() {
        Baseline baseline = new Baseline(0.4, Map.of("gemm512", 1.812, "sumRows", 0.1093)); // the file keeps four significant figures
        String text = baseline.format("Recorded in a test.");
        assertTrue(text.contains("./bench --record-baseline"), text);
        assertEquals(baseline, Baseline.parse(text));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, QuickGuard.median(new double[] {5, 1, 3}), 0);
        assertEquals(2.5, QuickGuard.median(new double[] {4, 1, 3, 2}), 0);
    }

    @Test
    void convertsThroughputsToFiguresAndPeakFractions() {
        double fmaOps = 100e9 / FmaPeak.flopsPerLoop(); // a 2-thread FMA peak of exactly 100 GFLOP/s
        double triadOps = 20e9 / FmaPeak.triadBytes(PeakBenchmark.TRIAD_LENGTH); // 20 GB/s
        double gemmOps = 10; // 10 products of 2·512³ flops per second
        List<Summary.Row> rows = Summary.rows(List.of(
                new Summary.Measurement("PeakBenchmark.fma2", Map.of(), 2, fmaOps),
                new Summary.Measurement("PeakBenchmark.triad2", Map.of(), 2, triadOps),
                new Summary.Measurement("GemmBenchmark.matmul", Map.of("shape", "512", "threads", "2"), 1, gemmOps),
                new Summary.Measurement("ElementwiseBenchmark.add", Map.of(), 1, 100),
                new Summary.Measurement("SoftmaxBenchmark.softmaxRows", Map.of(), 1, 500)));
        Summary.Row fma = rows.get(0), gemm = rows.get(2), add = rows.get(3), softmax = rows.get(4);
        assertTrue(gemm.name().contains("N=512") && gemm.name().contains("2 thr"), gemm.name());
        assertTrue(Summary.quietnessWarning(rows).contains("busy"), "100 GFLOP/s on two threads is a busy machine");
        assertEquals(100, fma.value(), 1e-9);
        assertEquals(Anchors.FMA_PEAK_2_THREADS, fma.anchor());
        assertEquals(2.0 * 512 * 512 * 512 * 10 / 1e9, gemm.value(), 1e-9);
        assertEquals(gemm.value() / 100, gemm.ofPeak(), 1e-12);
        assertEquals(179, gemm.anchor()); // OpenBLAS, N = 512, 2 threads
        assertEquals(3 * 4.0 * 2048 * 2048 * 100 / 1e9, add.value(), 1e-9);
        assertEquals(add.value() / 20, add.ofPeak(), 1e-12);
        assertEquals("ms", softmax.unit());
        assertEquals(2.0, softmax.value(), 1e-12);
    }

    @Test
    void peaksComeFirstAndAQuietPeakGivesNoWarning() {
        double quietOps = 195e9 / FmaPeak.flopsPerLoop();
        List<Summary.Row> rows = Summary.rows(List.of(
                new Summary.Measurement("SoftmaxBenchmark.softmaxRows", Map.of(), 1, 500),
                new Summary.Measurement("PeakBenchmark.fma2", Map.of(), 2, quietOps)));
        assertTrue(rows.get(0).name().startsWith("FMA peak 2 thr"), rows.get(0).name());
        assertEquals("", Summary.quietnessWarning(rows));
    }

    @Test
    void linearLayerAnchorComesFromTheLayerTime() {
        double flops = GemmBenchmark.flops("linear-fwd");
        assertEquals(2.0 * 64 * 25088 * 208, flops);
        Summary.Row row = Summary.rows(List.of(new Summary.Measurement("GemmBenchmark.matmul",
                Map.of("shape", "linear-fwd", "threads", "2"), 1, 1))).get(0);
        assertEquals(flops / 4.9e-3 / 1e9, row.anchor(), 1e-9);
        assertTrue(Double.isNaN(row.ofPeak()), "no FMA peak measured, so no fraction");
    }

    @Test
    void tableAlignsColumnsAndShowsUnitsAndDashes() {
        List<Summary.Row> rows = List.of(
                new Summary.Row("gemm 512", 12.345, "GFLOP/s", 0.0625, 179),
                new Summary.Row("softmax rows", 2.5, "ms", Double.NaN, Double.NaN));
        String[] lines = Summary.table(rows).split("\n");
        assertEquals(3, lines.length);
        assertEquals(lines[0].length(), lines[1].length());
        assertEquals(lines[1].length(), lines[2].length());
        assertTrue(lines[1].contains("12.3") && lines[1].contains("GFLOP/s") && lines[1].contains("6.3 %") && lines[1].contains("0.07x"), lines[1]);
        assertTrue(lines[2].contains("2.50") && lines[2].contains(" ms ") && lines[2].contains("—"), lines[2]);
        assertTrue(Summary.markdown(rows).startsWith("| benchmark | figure |"));
        assertTrue(Summary.json(rows).contains("\"anchor\": null"));
    }

    @Test
    void anchorsHoldThePyTorchFigures() {
        assertEquals(76, Anchors.sgemm(128, 1));
        assertEquals(186, Anchors.sgemm(2048, 2));
        assertTrue(Double.isNaN(Anchors.sgemm(300, 2)));
        assertEquals((15.1 - 4.9) / 2, Anchors.linearProductMs("linear-dW"), 1e-12);
    }
}
