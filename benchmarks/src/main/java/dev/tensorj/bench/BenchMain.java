package dev.tensorj.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code ./bench}:
 * <pre>
 *   ./bench [REGEX] [JMH options]   JMH run (e.g. ./bench Gemm -f 1 -wi 3 -i 5), then the summary table
 *   ./bench --quick                 the quick regression guard (CI)
 *   ./bench --record-baseline       re-measure the guard's ratios and write the baseline file
 * </pre>
 * The baseline file and the results folder are taken from the system properties
 * {@code tensorj.bench.baseline} and {@code tensorj.bench.results}, which the script sets.
 */
public final class BenchMain {
    private static final String BASELINE_RESOURCE = "/quick-guard-baseline.properties";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int exitCode = switch (args.length > 0 ? args[0] : "") {
            case "--quick" -> QuickGuard.run(loadBaseline());
            case "--record-baseline" -> recordBaseline();
            case "--fma-peak" -> {
                System.out.printf(java.util.Locale.ROOT, "fma-peak-1thread %.1f GFLOP/s%nfma-peak-2threads %.1f GFLOP/s%n",
                        FmaPeak.measureFmaGflops(1, 1.0), FmaPeak.measureFmaGflops(2, 1.0));
                yield 0;
            }
            case "--help", "-h" -> {
                System.out.println("usage: ./bench [REGEX] [JMH options] | --quick | --record-baseline | --fma-peak | --vs-pytorch [ROW_REGEX] | -jmh-help");
                yield 0;
            }
            case "-jmh-help" -> jmh(new String[] {"-h"});
            default -> jmh(args);
        };
        System.exit(exitCode);
    }

    private static int jmh(String[] args) throws RunnerException, IOException {
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("./bench: " + e.getMessage() + " (./bench -jmh-help lists JMH's options)");
            return 2;
        }
        if (cli.shouldHelp()) {
            cli.showHelp();
            return 0;
        }
        Path results = Path.of(System.getProperty("tensorj.bench.results", "benchmarks/target/results"));
        Files.createDirectories(results);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        // the peaks run every time, so each figure has the machine's limits of this very run beside it; not in the
        // runs of single rows that ./bench --vs-pytorch reads from their JSON file (it measures the peaks itself)
        boolean rowsOnly = Boolean.getBoolean("tensorj.bench.rowsOnly");
        if (!cli.getIncludes().isEmpty() && !rowsOnly) options.include(PeakBenchmark.class.getSimpleName());
        if (!cli.getResult().hasValue()) options.result(results.resolve("jmh.json").toString()).resultFormat(ResultFormatType.JSON);
        Collection<RunResult> runs = new Runner(options.build()).run();
        if (rowsOnly) return 0;

        List<Summary.Measurement> measurements = new ArrayList<>();
        for (RunResult run : runs) {
            var params = run.getParams();
            String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.', params.getBenchmark().lastIndexOf('.') - 1) + 1);
            Map<String, String> values = new TreeMap<>();
            params.getParamsKeys().forEach(key -> values.put(key, params.getParam(key)));
            measurements.add(new Summary.Measurement(benchmark, values, params.getThreads(), run.getPrimaryResult().getScore()));
        }
        List<Summary.Row> rows = Summary.rows(measurements);
        System.out.println();
        System.out.println("tensorj benchmarks, " + LocalDate.now() + " (of peak: share of the FMA peak or triad bandwidth measured in this run)");
        System.out.print(Summary.table(rows));
        System.out.print(Summary.quietnessWarning(rows));
        Files.writeString(results.resolve("summary.md"), Summary.markdown(rows));
        Files.writeString(results.resolve("summary.json"), Summary.json(rows));
        System.out.println("results: " + results.resolve("summary.md") + ", summary.json, jmh.json");
        return 0;
    }

    /** The baseline from the file named by tensorj.bench.baseline, else the copy on the class path. */
    static Baseline loadBaseline() throws IOException {
        String file = System.getProperty("tensorj.bench.baseline");
        if (file != null && Files.exists(Path.of(file))) {
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                return Baseline.parse(reader);
            }
        }
        try (InputStream in = BenchMain.class.getResourceAsStream(BASELINE_RESOURCE)) {
            if (in == null) throw new IllegalStateException("no quick-guard baseline: neither " + file + " nor " + BASELINE_RESOURCE + " on the class path");
            return Baseline.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
    }

    private static int recordBaseline() throws IOException {
        String file = System.getProperty("tensorj.bench.baseline");
        if (file == null) throw new IllegalStateException("--record-baseline: set -Dtensorj.bench.baseline=<file> (./bench does)");
        double floorFraction = Files.exists(Path.of(file)) ? loadBaseline().floorFraction() : Baseline.DEFAULT_FLOOR_FRACTION;
        Baseline recorded = QuickGuard.record(floorFraction, 3);
        String provenance = "Recorded (median of 3 rounds) " + LocalDate.now() + " on " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", Java " + Runtime.version() + ".";
        Files.writeString(Path.of(file), recorded.format(provenance));
        System.out.println("wrote " + file + ": review the ratios and commit it");
        return 0;
    }
}
