package dev.tensorj.bench;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.cpu.Parallel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The quick regression guard ({@code ./bench --quick}, run by CI). For each hot kernel it times
 * tensorj's op and, interleaved in the same run, a plain Java loop doing the same work on the same
 * worker threads, and takes the median of the per-repetition speed ratios. Outside load slows both
 * sides alike, so the ratio holds still where absolute times do not; a kernel that silently falls back
 * to slow loops drops its ratio far under the recorded one ({@link Baseline}).
 */
public final class QuickGuard {
    /** One guarded kernel: tensorj's op and the reference loop, with the flops or bytes each call does. */
    record Check(String name, String unit, Supplier<Object> kernel, double kernelWork, Supplier<Object> reference, double referenceWork) {
    }

    /** A measured check: median throughputs (unit/s) and the median of the per-repetition ratios. */
    record Result(Check check, double kernelRate, double referenceRate, double ratio) {
        String describe() {
            return String.format(Locale.ROOT, "%-12s tensorj %8s %s, reference loop %8s %s, ratio %.3g", check.name(),
                    Summary.number(kernelRate), check.unit(), Summary.number(referenceRate), check.unit(), ratio);
        }
    }

    private static final double WARMUP_SECONDS = 0.6, SAMPLE_SECONDS = 0.08;
    private static volatile Object sink;

    private QuickGuard() {
    }

    /** The guarded kernels: GEMM 512 (two threads), add of 4M floats, sum over rows, softmax over rows. */
    static List<Check> checks() {
        Generator generator = new Generator(2024);
        int gemmN = 512, refN = 128; // the naive loop runs a smaller product; rates are per flop
        Tensor ga = Tensor.randn(generator, gemmN, gemmN), gb = Tensor.randn(generator, gemmN, gemmN);
        float[] ra = Tensor.randn(generator, refN, refN).toFloatArray(), rb = Tensor.randn(generator, refN, refN).toFloatArray();
        Tensor ea = Tensor.randn(generator, 2048, 2048), eb = Tensor.randn(generator, 2048, 2048);
        float[] fa = ea.toFloatArray(), fb = eb.toFloatArray();
        Tensor x = Tensor.randn(generator, 1024, 1024);
        float[] fx = x.toFloatArray();
        return List.of(
                new Check("gemm512", "GFLOP/s", () -> ga.matmul(gb), 2.0 * gemmN * gemmN * gemmN,
                        () -> ReferenceLoops.matmul(ra, rb, refN), 2.0 * refN * refN * refN),
                new Check("add4M", "GB/s", () -> ea.add(eb), 12.0 * fa.length, () -> ReferenceLoops.add(fa, fb), 12.0 * fa.length),
                new Check("sumRows", "GB/s", () -> x.sum(1), 4.0 * fx.length, () -> ReferenceLoops.sumRows(fx, 1024), 4.0 * fx.length),
                new Check("softmaxRows", "GB/s", () -> x.softmax(1), 8.0 * fx.length, () -> ReferenceLoops.softmaxRows(fx, 1024), 8.0 * fx.length));
    }

    /** Warms both sides up, then takes {@code repetitions} interleaved samples of each. */
    static Result measure(Check check, int repetitions) {
        Parallel.setThreads(check.name().startsWith("gemm") ? 2 : Runtime.getRuntime().availableProcessors());
        secondsPerCall(check.kernel(), WARMUP_SECONDS);
        secondsPerCall(check.reference(), WARMUP_SECONDS);
        double[] kernelRates = new double[repetitions], referenceRates = new double[repetitions], ratios = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            kernelRates[r] = check.kernelWork() / secondsPerCall(check.kernel(), SAMPLE_SECONDS) / 1e9;
            referenceRates[r] = check.referenceWork() / secondsPerCall(check.reference(), SAMPLE_SECONDS) / 1e9;
            ratios[r] = kernelRates[r] / referenceRates[r];
        }
        return new Result(check, median(kernelRates), median(referenceRates), median(ratios));
    }

    /** Mean seconds per call over as many calls as fit in {@code minSeconds} (at least one). */
    static double secondsPerCall(Supplier<Object> op, double minSeconds) {
        long start = System.nanoTime(), elapsed;
        int calls = 0;
        do {
            sink = op.get();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < minSeconds * 1e9);
        return elapsed / 1e9 / calls;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Runs the guard; prints every ratio and the closing line; returns the process exit code. */
    static int run(Baseline baseline) {
        System.out.printf(Locale.ROOT, "quick benchmark guard: kernel vs plain reference loop, medians of 7 interleaved repetitions; floor = %.0f %% of the recorded ratio%n",
                100 * baseline.floorFraction());
        printPeak("before");
        int passed = 0, failed = 0;
        for (Check check : checks()) {
            Result result = measure(check, 7);
            Baseline.Verdict verdict = baseline.evaluate(check.name(), result.ratio());
            System.out.println("  " + result.describe());
            if (!verdict.passed() && !Double.isNaN(verdict.recorded())) { // a second look, so one noisy moment cannot fail CI
                result = measure(check, 7);
                verdict = baseline.evaluate(check.name(), result.ratio());
                System.out.println("  " + result.describe() + "   (re-measured)");
            }
            System.out.println("    " + verdict.message());
            if (verdict.passed()) passed++;
            else failed++;
        }
        printPeak("after");
        System.out.printf("quick benchmark guard: %d passed, %d failed%n", passed, failed);
        return failed == 0 ? 0 : 1;
    }

    /**
     * Measures every check in {@code rounds} rounds of 7 repetitions, spread out in time so that one
     * busy spell of the machine cannot set the baseline, and keeps the median ratio of the rounds.
     */
    static Baseline record(double floorFraction, int rounds) {
        printPeak("before");
        List<Check> checks = checks();
        double[][] ratios = new double[checks.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            System.out.println("  round " + (round + 1) + " of " + rounds);
            for (int c = 0; c < checks.size(); c++) {
                Result result = measure(checks.get(c), 7);
                System.out.println("  " + result.describe());
                ratios[c][round] = result.ratio();
            }
        }
        printPeak("after");
        java.util.Map<String, Double> medians = new java.util.TreeMap<>();
        for (int c = 0; c < checks.size(); c++) medians.put(checks.get(c).name(), median(ratios[c]));
        return new Baseline(floorFraction, medians);
    }

    /** The two-thread FMA peak, to tell a quiet machine from a disturbed one (informational, never fails). */
    private static void printPeak(String when) {
        double gflops = FmaPeak.measureFmaGflops(2, 0.4);
        System.out.printf(Locale.ROOT, "  FMA peak, 2 threads, %s: %.0f GFLOP/s (the anchors: ≈ %.0f when quiet)%s%n", when, gflops,
                Anchors.FMA_PEAK_2_THREADS, gflops < 0.7 * Anchors.FMA_PEAK_2_THREADS ? " — the machine looks busy or different" : "");
    }
}
