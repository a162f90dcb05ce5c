package dev.tensorj.selection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.ToDoubleFunction;

/**
 * The results of a search: one row per (configuration, fold), sorted by configuration then fold, with
 * exactly one row for each (a duplicate from a retried or speculative task is an error here, not a
 * silent double count). Summaries per configuration, ranking by a named metric, the winner's
 * confusion matrix, and CSV / Markdown output.
 */
public final class ResultTable {
    /** The per-epoch curves every row carries, in column order. */
    public static final List<String> CURVES = List.of("loss", "val_loss", "val_accuracy", "val_f1");

    private final List<String> paramNames;
    private final List<TrialResult> rows;

    /** @param paramNames the grid's parameter names, in column order */
    public ResultTable(List<String> paramNames, List<TrialResult> results) {
        this.paramNames = List.copyOf(paramNames);
        List<TrialResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt((TrialResult r) -> r.trial().params().id()).thenComparingInt(r -> r.trial().fold()));
        Set<String> seen = new HashSet<>();
        for (TrialResult r : sorted) {
            if (!seen.add(r.trial().params().id() + "/" + r.trial().fold())) {
                throw new IllegalStateException("ResultTable: " + r.trial().label() + " has more than one result");
            }
        }
        this.rows = List.copyOf(sorted);
    }

    public List<TrialResult> rows() {
        return rows;
    }

    public List<String> paramNames() {
        return paramNames;
    }

    /** One summary per configuration, in grid order. */
    public List<ConfigSummary> summaries() {
        Map<Integer, List<TrialResult>> byConfig = new LinkedHashMap<>();
        for (TrialResult r : rows) byConfig.computeIfAbsent(r.trial().params().id(), k -> new ArrayList<>()).add(r);
        List<ConfigSummary> summaries = new ArrayList<>();
        for (List<TrialResult> folds : byConfig.values()) {
            boolean diverged = folds.stream().anyMatch(r -> r.outcome().diverged());
            double[] loss = meanStd(folds, r -> r.outcome().valLoss()), f1 = meanStd(folds, r -> r.outcome().valF1()),
                    accuracy = meanStd(folds, r -> r.outcome().valAccuracy()), seconds = meanStd(folds, TrialResult::trainSeconds);
            summaries.add(new ConfigSummary(folds.get(0).trial().params(), folds.size(), diverged, loss[0], loss[1], f1[0], f1[1], accuracy[0], accuracy[1], seconds[0]));
        }
        return summaries;
    }

    private static double[] meanStd(List<TrialResult> rows, ToDoubleFunction<TrialResult> value) {
        double sum = 0;
        for (TrialResult r : rows) sum += value.applyAsDouble(r);
        double mean = sum / rows.size(), squares = 0;
        for (TrialResult r : rows) squares += Math.pow(value.applyAsDouble(r) - mean, 2);
        return new double[] {mean, Math.sqrt(squares / rows.size())};
    }

    /** The summaries best first by {@code metric} ({@link ConfigSummary.Metric} names); diverged configurations last; ties by grid order. */
    public List<ConfigSummary> ranked(String metric) {
        ConfigSummary.Metric m = ConfigSummary.Metric.of(metric);
        Comparator<ConfigSummary> byValue = Comparator.comparingDouble(s -> m.higherIsBetter() ? -s.metric(metric) : s.metric(metric));
        return summaries().stream()
                .sorted(Comparator.comparing((ConfigSummary s) -> s.diverged() || Double.isNaN(s.metric(metric))).thenComparing(byValue)
                        .thenComparingInt(s -> s.params().id()))
                .toList();
    }

    /** The best configuration by {@code metric}. */
    public ConfigSummary best(String metric) {
        List<ConfigSummary> ranked = ranked(metric);
        if (ranked.isEmpty() || ranked.get(0).diverged()) throw new IllegalStateException("ResultTable: no configuration finished without diverging");
        return ranked.get(0);
    }

    /** The rows of one configuration, fold by fold. */
    public List<TrialResult> rowsOf(int configId) {
        return rows.stream().filter(r -> r.trial().params().id() == configId).toList();
    }

    /** The validation confusion counts of a configuration summed over its folds, each row divided by its sum (rows = true classes). */
    public double[][] normalizedConfusion(int configId) {
        long[][] total = null;
        for (TrialResult r : rowsOf(configId)) {
            long[][] counts = r.outcome().confusion();
            if (counts.length == 0) continue;
            if (total == null) total = new long[counts.length][counts.length];
            for (int i = 0; i < counts.length; i++) for (int j = 0; j < counts.length; j++) total[i][j] += counts[i][j];
        }
        if (total == null) throw new IllegalStateException("ResultTable: configuration " + configId + " has no confusion matrix (diverged or absent)");
        double[][] normalized = new double[total.length][total.length];
        for (int i = 0; i < total.length; i++) {
            long rowSum = 0;
            for (long c : total[i]) rowSum += c;
            for (int j = 0; j < total.length; j++) normalized[i][j] = rowSum == 0 ? 0 : (double) total[i][j] / rowSum;
        }
        return normalized;
    }

    /** The CSV column names. */
    public List<String> header() {
        List<String> header = new ArrayList<>(List.of("config", "fold", "folds", "seed"));
        header.addAll(paramNames);
        header.addAll(List.of("status", "epochs_run", "val_loss", "val_f1", "val_accuracy", "train_seconds", "setup_seconds", "attempt", "worker"));
        for (String curve : CURVES) header.add(curve + "_by_epoch");
        header.add("confusion");
        return header;
    }

    /** The cells of each row as text (doubles in Java's shortest exact form, curves joined with ';', confusion rows with '|'). */
    public List<List<String>> cells() {
        List<List<String>> all = new ArrayList<>();
        for (TrialResult r : rows) {
            List<String> cells = new ArrayList<>();
            Trial t = r.trial();
            cells.addAll(List.of(Integer.toString(t.params().id()), Integer.toString(t.fold()), Integer.toString(t.folds()), Long.toString(t.seed())));
            for (String name : paramNames) cells.add(String.valueOf(t.params().values().get(name)));
            TrialOutcome o = r.outcome();
            cells.addAll(List.of(o.diverged() ? "diverged" : "ok", Integer.toString(o.epochs()), Double.toString(o.valLoss()), Double.toString(o.valF1()),
                    Double.toString(o.valAccuracy()), String.format(Locale.ROOT, "%.3f", r.trainSeconds()), String.format(Locale.ROOT, "%.3f", r.setupSeconds()),
                    Integer.toString(r.attempt()), r.worker()));
            for (String curve : CURVES) {
                StringJoiner joiner = new StringJoiner(";");
                for (double v : o.curves().getOrDefault(curve, List.of())) joiner.add(Double.toString(v));
                cells.add(joiner.toString());
            }
            StringJoiner confusion = new StringJoiner("|");
            for (long[] row : o.confusion()) {
                StringJoiner counts = new StringJoiner(" ");
                for (long c : row) counts.add(Long.toString(c));
                confusion.add(counts.toString());
            }
            cells.add(confusion.toString());
            all.add(cells);
        }
        return all;
    }

    /**
     * The rows without the columns that depend on where and when a trial ran (times, attempt, worker):
     * equal for equal seeds whatever the executor.
     */
    public List<String> deterministicRows() {
        List<String> header = header();
        Set<String> skip = Set.of("train_seconds", "setup_seconds", "attempt", "worker");
        List<String> out = new ArrayList<>();
        for (List<String> cells : cells()) {
            StringJoiner joiner = new StringJoiner(",");
            for (int i = 0; i < cells.size(); i++) if (!skip.contains(header.get(i))) joiner.add(cells.get(i));
            out.add(joiner.toString());
        }
        return out;
    }

    /** Writes the table as CSV with a header row. */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder(String.join(",", header())).append('\n');
        for (List<String> cells : cells()) sb.append(String.join(",", cells.stream().map(ResultTable::csvCell).toList())).append('\n');
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException("ResultTable: cannot write " + file, e);
        }
    }

    private static String csvCell(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    /** The {@code top} best configurations by {@code metric} as a Markdown table (mean ± std over folds). */
    public String markdown(String metric, int top) {
        StringBuilder sb = new StringBuilder("| rank | config |");
        for (String name : paramNames) sb.append(' ').append(name).append(" |");
        sb.append(" val_loss | val_f1 | val_accuracy | train s |\n|---:|---:|");
        sb.append("---:|".repeat(paramNames.size())).append("---:|---:|---:|---:|\n");
        int rank = 0;
        for (ConfigSummary s : ranked(metric)) {
            if (rank++ >= top) break;
            sb.append("| ").append(rank).append(" | ").append(s.params().id()).append(" |");
            for (String name : paramNames) sb.append(' ').append(s.params().values().get(name)).append(" |");
            if (s.diverged()) sb.append(" diverged | | | ");
            else sb.append(String.format(Locale.ROOT, " %s | %s | %s | ", pm(s.valLoss(), s.valLossStd(), s.folds()), pm(s.valF1(), s.valF1Std(), s.folds()),
                    pm(s.valAccuracy(), s.valAccuracyStd(), s.folds())));
            sb.append(String.format(Locale.ROOT, "%.1f |%n", s.trainSeconds()));
        }
        return sb.toString();
    }

    private static String pm(double mean, double std, int folds) {
        return folds > 1 ? String.format(Locale.ROOT, "%.4f ± %.4f", mean, std) : String.format(Locale.ROOT, "%.4f", mean);
    }
}
