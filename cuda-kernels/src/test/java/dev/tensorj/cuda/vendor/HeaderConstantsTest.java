package dev.tensorj.cuda.vendor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our constants and struct layouts against NVIDIA's headers: a small C program, compiled by the C compiler
 * on this machine against {@code cublas_api.h} / {@code cudnn.h} (the wheels' {@code include/} folders beside
 * their {@code lib/}, or {@code /usr/local/cuda/include}), prints the values; the Java side must match.
 * Skipped when there is no C compiler or no header (CI has neither cuBLAS nor cuDNN headers).
 */
class HeaderConstantsTest {
    static final Path CUDA_INCLUDE = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "include");

    /** The folder holding {@code header}: the include/ beside a library folder we search, or CUDA's. */
    static Path includeFolder(String wheelFolder, String header) {
        List<Path> candidates = new ArrayList<>();
        for (Path lib : NativeLibraries.searchFolders(wheelFolder)) if (lib.getParent() != null) candidates.add(lib.getParent().resolve("include"));
        candidates.add(CUDA_INCLUDE);
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve(header))).findFirst().orElse(null);
    }

    /** Compiles and runs {@code program} (printing "NAME value" lines) against {@code include}; the values by name. */
    static Map<String, Long> probe(Path include, String program) throws Exception {
        assumeTrue(Files.isRegularFile(CUDA_INCLUDE.resolve("cuda_runtime_api.h")), "no CUDA runtime headers at " + CUDA_INCLUDE);
        String cc = System.getenv().getOrDefault("CC", "cc");
        Path dir = Files.createTempDirectory("tensorj-header-probe");
        Path source = dir.resolve("probe.c"), binary = dir.resolve("probe");
        Files.writeString(source, program);
        Process compile;
        try {
            compile = new ProcessBuilder(cc, "-w", "-I", include.toString(), "-I", CUDA_INCLUDE.toString(), source.toString(), "-o", binary.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no C compiler (" + cc + "): " + e.getMessage());
            return Map.of();
        }
        String log = new String(compile.getInputStream().readAllBytes());
        assumeTrue(compile.waitFor(60, TimeUnit.SECONDS) && compile.exitValue() == 0, "the probe does not compile here: " + log);
        Process run = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes()).split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) values.put(parts[0], Long.parseLong(parts[1]));
        }
        run.waitFor(10, TimeUnit.SECONDS);
        return values;
    }

    static String printer(String include, Map<String, Object> expected) {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <" + include + ">\nint main(void) {\n");
        for (String name : expected.keySet()) c.append("  printf(\"").append(label(name)).append(" %lld\\n\", (long long) (").append(name).append("));\n");
        return c.append("  return 0;\n}\n").toString();
    }

    /** A C expression as one printable word. */
    static String label(String expression) {
        return expression.replace(" ", "").replace('"', '\'');
    }

    static void assertMatches(Map<String, Object> expected, Map<String, Long> actual) {
        for (var entry : expected.entrySet()) {
            String name = label(entry.getKey());
            assertEquals(((Number) entry.getValue()).longValue(), actual.get(name), name + " in the header");
        }
    }

    @Test
    void cublasConstantsMatchCublasApiH() throws Exception {
        Path include = includeFolder(Cublas.WHEEL_FOLDER, "cublas_api.h");
        assumeTrue(include != null, "no cublas_api.h on this machine");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("CUBLAS_OP_N", Cublas.OP_N);
        expected.put("CUBLAS_OP_T", Cublas.OP_T);
        expected.put("CUBLAS_DEFAULT_MATH", Cublas.DEFAULT_MATH);
        expected.put("CUBLAS_PEDANTIC_MATH", Cublas.PEDANTIC_MATH);
        expected.put("CUBLAS_TF32_TENSOR_OP_MATH", Cublas.TF32_TENSOR_OP_MATH);
        expected.put("CUBLAS_STATUS_SUCCESS", Cublas.STATUS_SUCCESS);
        expected.put("MAJOR_VERSION", Cublas.MAJOR_VERSION);
        expected.put("MINOR_VERSION", Cublas.MINOR_VERSION);
        expected.put("PATCH_LEVEL", Cublas.PATCH_LEVEL);
        expected.put("sizeof(cublasHandle_t)", 8);
        expected.put("sizeof(cudaStream_t)", 8);
        expected.put("sizeof(cublasStatus_t)", 4);
        expected.put("sizeof(cublasOperation_t)", 4);
        for (var status : Cublas.STATUS_NAMES.entrySet()) expected.put(status.getValue(), status.getKey());
        assertMatches(expected, probe(include, printer("cublas_api.h", expected)));
    }

    @Test
    void cudnnConstantsAndThePerfStructMatchTheHeaders() throws Exception {
        Path include = includeFolder(Cudnn.WHEEL_FOLDER, "cudnn.h");
        assumeTrue(include != null, "no cudnn.h on this machine");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("CUDNN_STATUS_SUCCESS", Cudnn.STATUS_SUCCESS);
        expected.put("CUDNN_DATA_FLOAT", Cudnn.DATA_FLOAT);
        expected.put("CUDNN_TENSOR_NCHW", Cudnn.TENSOR_NCHW);
        expected.put("CUDNN_CROSS_CORRELATION", Cudnn.CROSS_CORRELATION);
        expected.put("CUDNN_DEFAULT_MATH", Cudnn.DEFAULT_MATH);
        expected.put("CUDNN_TENSOR_OP_MATH", Cudnn.TENSOR_OP_MATH);
        expected.put("CUDNN_FMA_MATH", Cudnn.FMA_MATH);
        expected.put("CUDNN_BATCHNORM_SPATIAL", Cudnn.BATCHNORM_SPATIAL);
        expected.put("CUDNN_BN_MIN_EPSILON <= 1e-5", 1); // the eps our batch-norm backward passes (Accelerators.BACKWARD_EPS) is valid
        expected.put("sizeof(cudnnHandle_t)", 8);
        expected.put("sizeof(cudnnStatus_t)", 4);
        for (String pass : new String[] {"Fwd", "BwdData", "BwdFilter"}) {
            String type = "cudnnConvolution" + pass + "AlgoPerf_t";
            expected.put("sizeof(" + type + ")", Cudnn.ALGO_PERF.byteSize());
            for (String field : new String[] {"algo", "status", "time", "memory", "determinism", "mathType", "reserved"}) {
                expected.put("offsetof(" + type + ", " + field + ")", Cudnn.ALGO_PERF.byteOffset(MemoryLayout.PathElement.groupElement(field)));
            }
        }
        assertMatches(expected, probe(include, printer("cudnn.h", expected)));
    }
}
