package dev.tensorj.cuda;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernels nvcc built into the jar are the ones {@link Kernel} launches, with the same parameter counts,
 * and the structs passed by value have the sizes the Java side packs. Runs wherever nvcc ran at build time
 * (no GPU needed); skips when the build had no nvcc.
 */
class EmbeddedKernelsTest {

    @BeforeEach
    void kernelsWereBuilt() {
        assumeTrue(Kernel.class.getResource(Kernel.RESOURCE_DIR + "modules.txt") != null,
                "the CUDA kernels were not built (no nvcc at build time)");
    }

    private static Map<String, String> ptxByModule() throws IOException {
        Map<String, String> ptx = new HashMap<>();
        for (String module : CudaRuntime.moduleNames()) ptx.put(module, new String(CudaRuntime.resource(module + ".ptx"), StandardCharsets.UTF_8));
        return ptx;
    }

    @Test
    void everyKernelIsInItsModuleWithItsParameterCount() throws IOException {
        Map<String, String> ptx = ptxByModule();
        for (Kernel kernel : Kernel.values()) {
            String text = ptx.get(kernel.module());
            assertTrue(text != null, "module " + kernel.module() + " of " + kernel.symbol() + " is not embedded; modules: " + ptx.keySet());
            Integer parameters = PtxEntries.parse(text).get(kernel.symbol());
            assertEquals(kernel.parameters(), parameters == null ? -1 : parameters,
                    kernel.symbol() + " in " + kernel.module() + ".ptx (-1: absent; entries " + PtxEntries.parse(text).keySet() + ")");
        }
    }

    @Test
    void everyPtxEntryIsKnownToJava() throws IOException {
        TreeSet<String> ptxEntries = new TreeSet<>(), javaKernels = new TreeSet<>();
        for (String text : ptxByModule().values()) ptxEntries.addAll(PtxEntries.parse(text).keySet());
        for (Kernel kernel : Kernel.values()) javaKernels.add(kernel.symbol());
        assertEquals(javaKernels, ptxEntries, "kernels in the PTX and in the Kernel enum");
    }

    @Test
    void everyModuleHasAFatbinWithSassAndPtx() throws IOException {
        for (String module : CudaRuntime.moduleNames()) {
            byte[] fatbin = CudaRuntime.resource(module + ".fatbin");
            // A fatbin starts with the magic 0xBA55ED50 (little-endian).
            assertTrue(fatbin.length > 16 && (fatbin[0] & 0xff) == 0x50 && (fatbin[1] & 0xff) == 0xED && (fatbin[2] & 0xff) == 0x55
                    && (fatbin[3] & 0xff) == 0xBA, module + ".fatbin has no fatbin header: " + Arrays.toString(Arrays.copyOf(fatbin, 4)));
        }
    }

    private static final Pattern STRUCT_PARAM = Pattern.compile("\\.param \\.align 4 \\.b8 (\\w+)_param_(\\d+)\\[(\\d+)]");

    @Test
    void structsPassedByValueHaveTheSizesJavaPacks() throws IOException {
        Map<String, String> ptx = ptxByModule();
        Matcher layout = STRUCT_PARAM.matcher(ptx.get("elementwise"));
        int layouts = 0;
        while (layout.find()) {
            assertEquals(Layout.INTS * Integer.BYTES, Integer.parseInt(layout.group(3)), "Layout struct in " + layout.group(1));
            layouts++;
        }
        assertTrue(layouts >= 20, "expected Layout parameters in elementwise.ptx, found " + layouts);
        Matcher window = Pattern.compile("\\.b8 im2col_f32_param_2\\[(\\d+)]").matcher(ptx.get("conv"));
        assertTrue(window.find(), "im2col_f32's Window parameter");
        assertEquals(8 * Integer.BYTES, Integer.parseInt(window.group(1)), "Window struct: kernel, stride, padding, dilation (H and W)");
    }

    @Test
    void ptxEntriesParsesNamesAndParameters() {
        String ptx = """
                .visible .entry first(
                	.param .u64 first_param_0,
                	.param .align 4 .b8 first_param_1[72]
                )
                { ret; }
                .visible .entry second()
                { ret; }
                """;
        assertEquals(Map.of("first", 2, "second", 0), PtxEntries.parse(ptx));
    }
}
