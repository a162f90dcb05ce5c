package dev.tensorj.bench.gpu;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The GPU benchmarks are JMH benchmarks (in JMH's list), and without a GPU their runner says why and exits cleanly. */
class GpuBenchMainTest {

    @Test
    void everyGpuBenchmarkIsInJmhsList() throws Exception {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(list, "JMH's annotation processor wrote META-INF/BenchmarkList");
            String text = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            for (String benchmark : new String[] {"GpuSgemmBenchmark sgemm", "GpuConvBenchmark convolution", "GpuTrainingStepBenchmark step"}) {
                String[] classAndMethod = benchmark.split(" ");
                boolean listed = text.lines().anyMatch(line -> line.contains("dev.tensorj.bench.gpu." + classAndMethod[0] + " ")
                        && line.contains(" " + classAndMethod[1] + " "));
                assertTrue(listed, benchmark + " in META-INF/BenchmarkList");
            }
        }
    }

    @Test
    void withoutAGpuTheRunnerSaysWhyAndReturns() throws Exception {
        assumeTrue(GpuBench.noGpuReason() != null, "this machine has a GPU");
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            GpuBenchMain.main(new String[0]);
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(printed.startsWith("GPU benchmarks skipped: no GPU (") && !printed.contains("\n"), printed);
    }
}
