package dev.tensorj.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The recorded speed ratios (tensorj kernel ÷ plain reference loop) that the quick guard holds the
 * kernels to, and the fraction of them under which a kernel fails. Kept in
 * {@code benchmarks/src/main/resources/quick-guard-baseline.properties}: {@code floor-fraction=0.40}
 * and one {@code <kernel>=<ratio>} line per kernel.
 */
public record Baseline(double floorFraction, Map<String, Double> ratios) {
    public static final String FLOOR_KEY = "floor-fraction";
    public static final double DEFAULT_FLOOR_FRACTION = 0.40;

    /** The verdict on one kernel: its measured ratio against the floor. */
    public record Verdict(String kernel, double ratio, double recorded, double floor, boolean passed, String message) {
    }

    public static Baseline parse(Reader reader) {
        Properties properties = new Properties();
        try {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("quick-guard baseline: cannot read the properties", e);
        }
        double floorFraction = DEFAULT_FLOOR_FRACTION;
        Map<String, Double> ratios = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String text = properties.getProperty(key).trim();
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("quick-guard baseline: '" + key + "=" + text + "' is not a number");
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("quick-guard baseline: '" + key + "' must be a positive finite number, got " + text);
            }
            if (key.equals(FLOOR_KEY)) floorFraction = value;
            else ratios.put(key, value);
        }
        if (floorFraction >= 1) throw new IllegalArgumentException("quick-guard baseline: " + FLOOR_KEY + " must be below 1, got " + floorFraction);
        return new Baseline(floorFraction, ratios);
    }

    public static Baseline parse(String text) {
        return parse(new StringReader(text));
    }

    /** Checks one kernel's measured ratio against {@code floorFraction} × its recorded ratio. */
    public Verdict evaluate(String kernel, double ratio) {
        Double recorded = ratios.get(kernel);
        if (recorded == null) {
            return new Verdict(kernel, ratio, Double.NaN, Double.NaN, false,
                    "FAILED " + kernel + ": no recorded ratio in the baseline file; run ./bench --record-baseline");
        }
        double floor = floorFraction * recorded;
        boolean passed = ratio >= floor; // NaN (a kernel that failed to time) fails too
        String message = String.format(Locale.ROOT, "%s %s: ratio %.3g, floor %.3g (%.0f %% of the recorded %.3g)",
                passed ? "ok" : "FAILED", kernel, ratio, floor, 100 * floorFraction, recorded);
        if (!passed) message += " — tensorj's kernel has become much slower relative to the plain reference loop";
        return new Verdict(kernel, ratio, recorded, floor, passed, message);
    }

    /** The file's text for these ratios, with the comment that says what they are and how to re-record them. */
    public String format(String provenance) {
        StringBuilder out = new StringBuilder();
        out.append("# Quick benchmark guard baseline (read by ./bench --quick, which CI runs after the tests).\n");
        out.append("# Each value is a speed ratio measured side by side in one run: tensorj's kernel throughput divided by\n");
        out.append("# the throughput of a plain Java reference loop doing the same work on the same threads (see QuickGuard).\n");
        out.append("# A kernel fails when its measured ratio (median of interleaved repetitions) drops under\n");
        out.append("# floor-fraction x the recorded ratio, e.g. when GEMM silently falls back to reference loops.\n");
        out.append("# Re-record after a kernel really gets faster (or slower on purpose): ./bench --record-baseline\n");
        out.append("# (on a quiet machine; it writes this file, then review and commit it).\n");
        out.append("# ").append(provenance).append('\n');
        out.append(FLOOR_KEY).append('=').append(String.format(Locale.ROOT, "%.2f", floorFraction)).append('\n');
        new TreeMap<>(ratios).forEach((k, v) -> out.append(k).append('=').append(String.format(Locale.ROOT, "%.4g", v)).append('\n'));
        return out.toString();
    }
}
