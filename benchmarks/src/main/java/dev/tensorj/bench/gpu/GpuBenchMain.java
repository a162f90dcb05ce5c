package dev.tensorj.bench.gpu;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the GPU benchmarks through JMH, or says in one line why not and exits 0 (no GPU: CI, a laptop).
 * Arguments are JMH's (e.g. {@code GpuSgemmBenchmark -p n=4096 -rf json -rff out.json}); without a
 * benchmark pattern it runs every class of this package.
 */
public final class GpuBenchMain {
    private GpuBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String reason = GpuBench.noGpuReason();
        if (reason != null) {
            System.out.println("GPU benchmarks skipped: no GPU (" + reason + ")");
            return;
        }
        CommandLineOptions options = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(options);
        if (options.getIncludes().isEmpty()) builder.include(GpuBenchMain.class.getPackageName() + ".Gpu.*Benchmark");
        new Runner(builder.build()).run();
    }
}
