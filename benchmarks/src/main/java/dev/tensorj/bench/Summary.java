package dev.tensorj.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH throughputs (ops/s) into the figures people compare: GFLOP/s for GEMM and the FMA loop,
 * GB/s for memory-bound kernels, ms for softmax; each beside its fraction of the machine's peak
 * measured in the same run and the anchors figure.
 */
public final class Summary {
    /** One JMH result: {@code benchmark} is "Class.method", {@code threads} the JMH thread count. */
    public record Measurement(String benchmark, Map<String, String> params, int threads, double opsPerSecond) {
    }

    /**
     * One line of the table. {@code ofPeak} is the share of the FMA peak (GFLOP/s rows) or of the
     * triad bandwidth (GB/s and ms rows) of this run, NaN when unknown; {@code anchor} is in {@code unit}.
     */
    public record Row(String name, double value, String unit, double ofPeak, double anchor) {
        /** How far the figure is from the anchor, higher is better: value/anchor, or anchor/value for times. */
        public double versusAnchor() {
            return unit.equals("ms") || unit.equals("µs") ? anchor / value : value / anchor;
        }
    }

    private Summary() {
    }

    public static List<Row> rows(List<Measurement> measurements) {
        double fma1 = find(measurements, "PeakBenchmark.fma1") * FmaPeak.flopsPerLoop() / 1e9;
        double fma2 = find(measurements, "PeakBenchmark.fma2") * FmaPeak.flopsPerLoop() / 1e9;
        double triadBytes = FmaPeak.triadBytes(PeakBenchmark.TRIAD_LENGTH);
        double triad2 = find(measurements, "PeakBenchmark.triad2") * triadBytes / 1e9;
        List<Row> rows = new ArrayList<>();
        List<Measurement> peaksFirst = new ArrayList<>(measurements);
        peaksFirst.sort(java.util.Comparator.comparing(m -> !m.benchmark().startsWith("PeakBenchmark.")));
        for (Measurement m : peaksFirst) {
            double ops = m.opsPerSecond();
            String method = m.benchmark().substring(m.benchmark().indexOf('.') + 1);
            switch (m.benchmark().substring(0, m.benchmark().indexOf('.'))) {
                case "GemmBenchmark" -> {
                    String shape = m.params().get("shape");
                    int threads = Integer.parseInt(m.params().get("threads"));
                    int[] d = GemmBenchmark.dims(shape);
                    double flops = GemmBenchmark.flops(shape);
                    double anchor = shape.startsWith("linear")
                            ? (threads == 2 ? flops / (Anchors.linearProductMs(shape) * 1e-3) / 1e9 : Double.NaN)
                            : Anchors.sgemm(d[0], threads);
                    String gemm = method.equals("matmulInto") ? "gemm into C" : "gemm"; // C allocated once, or per product
                    String name = shape.startsWith("linear")
                            ? String.format(Locale.ROOT, "%s %s %dx%d·%dx%d, %d thr", gemm, shape, d[0], d[1], d[1], d[2], threads)
                            : String.format(Locale.ROOT, "%s N=%s, %d thr", gemm, shape, threads);
                    rows.add(new Row(name, ops * flops / 1e9, "GFLOP/s", ops * flops / 1e9 / (threads == 1 ? fma1 : fma2), anchor));
                }
                case "ElementwiseBenchmark" -> rows.add(bandwidthRow("elementwise " + method + " 2048x2048",
                        ops * ElementwiseBenchmark.bytes(method), triad2));
                case "ReductionBenchmark" -> rows.add(bandwidthRow("reduction " + method + " " + ReductionBenchmark.shape(method),
                        ops * ReductionBenchmark.bytes(method), triad2));
                case "SoftmaxBenchmark" -> rows.add(new Row("softmax rows 1024x1024", 1000 / ops, "ms",
                        ops * SoftmaxBenchmark.bytes() / 1e9 / triad2, Double.NaN));
                case "PeakBenchmark" -> rows.add(switch (method) {
                    case "fma1", "fma2" -> new Row("FMA peak " + m.threads() + " thr (" + FmaPeak.path() + ")",
                            ops * FmaPeak.flopsPerLoop() / 1e9, "GFLOP/s", Double.NaN, Anchors.fmaPeak(m.threads()));
                    default -> new Row("stream triad " + m.threads() + " thr", ops * triadBytes / 1e9, "GB/s",
                            Double.NaN, m.threads() == 2 ? Anchors.TRIAD_2_THREADS : Double.NaN);
                });
                // AverageTime benchmarks: the JMH score is already a time per operation
                case "AutogradStepBenchmark" -> rows.add(method.equals("tinyLinearStep")
                        ? new Row("linear 4→4 batch 1 fwd+bwd+SGD", ops, "µs", Double.NaN, Anchors.TINY_LINEAR_STEP_US)
                        : new Row("MNIST MLP 784-512-10 step, batch 128", ops, "ms", Double.NaN, Anchors.MLP_EPOCH_S * 1000 / 469));
                case "ConvLayerBenchmark" -> rows.add(new Row(m.params().get("layer") + " batch 64 " + method, ops, "ms", Double.NaN,
                        Anchors.layerMs(m.params().get("layer"), method.equals("forward"))));
                case "RecurrentBenchmark" -> rows.add(new Row("embedding 20000x32 + LSTM 32, T=80 B=32 " + method, ops, "ms", Double.NaN,
                        Anchors.layerMs("embeddingLstm", method.equals("forward"))));
                case "GruRnnBenchmark" -> rows.add(new Row("embedding 20000x32 + " + m.params().get("cell").toUpperCase(Locale.ROOT)
                        + " 32, T=80 B=32 " + method, ops, "ms", Double.NaN, Double.NaN));
                case "TrainingStepBenchmark" -> {
                    String model = m.params().get("model");
                    double steps = Math.ceil(60_000.0 / TrainingStepBenchmark.batchSize(model));
                    rows.add(new Row(model + " training epoch (steps x step time)", ops * steps / 1000, "s", Double.NaN, Anchors.epochSeconds(model)));
                }
                case "DataLoaderEpochBenchmark" -> rows.add(new Row("DataLoader epoch 60k/64 prefetch=" + m.params().get("prefetch"), ops, "ms",
                        Double.NaN, 0.05 * Anchors.C1_EPOCH_S * 1000));
                case "GanStepBenchmark" -> rows.add(new Row("DCGAN MNIST step, batch 256", ops, "ms", Double.NaN, Anchors.DCGAN_STEP_MS));
                default -> rows.add(new Row(m.benchmark(), ops, "score", Double.NaN, Double.NaN));
            }
        }
        return rows;
    }

    /** A warning when the two-thread FMA peak of this run reads low (the anchors: repeat such figures), else "". */
    public static String quietnessWarning(List<Row> rows) {
        return rows.stream().filter(r -> r.name().startsWith("FMA peak 2 thr") && r.value() < 0.7 * Anchors.FMA_PEAK_2_THREADS)
                .map(r -> String.format(Locale.ROOT, "warning: the two-thread FMA peak read %.0f GFLOP/s (≈ %.0f when quiet): "
                        + "the machine was busy, repeat the figures of this run%n", r.value(), Anchors.FMA_PEAK_2_THREADS))
                .findFirst().orElse("");
    }

    private static Row bandwidthRow(String name, double bytesPerSecond, double triadGBps) {
        return new Row(name, bytesPerSecond / 1e9, "GB/s", bytesPerSecond / 1e9 / triadGBps, Double.NaN);
    }

    /** The throughput of a benchmark, or NaN when it did not run. */
    private static double find(List<Measurement> measurements, String benchmark) {
        return measurements.stream().filter(m -> m.benchmark().equals(benchmark))
                .mapToDouble(Measurement::opsPerSecond).findFirst().orElse(Double.NaN);
    }

    private static final String[] HEADER = {"benchmark", "figure", "unit", "of peak", "anchor", "vs anchor"};

    private static String[] cells(Row row) {
        return new String[] {row.name(), number(row.value()), row.unit(), percent(row.ofPeak()),
                Double.isNaN(row.anchor()) ? "—" : number(row.anchor()),
                Double.isNaN(row.anchor()) ? "—" : String.format(Locale.ROOT, "%.2fx", row.versusAnchor())};
    }

    /** A plain-text table with aligned columns (names left, figures right). */
    public static String table(List<Row> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(r -> lines.add(cells(r)));
        int[] widths = new int[HEADER.length];
        for (String[] line : lines) for (int c = 0; c < line.length; c++) widths[c] = Math.max(widths[c], line[c].length());
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                String pad = " ".repeat(widths[c] - line[c].length());
                out.append(c == 0 || c == 2 ? line[c] + pad : pad + line[c]).append(c + 1 < line.length ? "  " : "\n");
            }
        }
        return out.toString();
    }

    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder("| " + String.join(" | ", HEADER) + " |\n|---|---:|---|---:|---:|---:|\n");
        rows.forEach(r -> out.append("| ").append(String.join(" | ", cells(r))).append(" |\n"));
        return out.toString();
    }

    public static String json(List<Row> rows) {
        StringBuilder out = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            out.append(String.format(Locale.ROOT, "  {\"benchmark\": \"%s\", \"value\": %s, \"unit\": \"%s\", \"ofPeak\": %s, \"anchor\": %s}%s%n",
                    r.name().replace("\"", "'"), jsonNumber(r.value()), r.unit(), jsonNumber(r.ofPeak()), jsonNumber(r.anchor()),
                    i + 1 < rows.size() ? "," : ""));
        }
        return out.append("]\n").toString();
    }

    /** Three significant figures, no exponent: 0.0123, 1.23, 123, 12345. */
    static String number(double v) {
        if (Double.isNaN(v)) return "—";
        double magnitude = Math.abs(v);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.1 ? 3 : 4;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    private static String jsonNumber(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : Double.toString(v);
    }
}
