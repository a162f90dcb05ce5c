package dev.tensorj.cuda;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code tensorj.cuda.path[.gemm|.conv]} and what loaded choose each family's path (no GPU needed). */
class GpuPathTest {
    static final String NO_CUBLAS = "libcublas.so.13 was not found", NO_CUDNN = "libcudnn.so.9 was not found";

    static GpuPath.Choice choose(Map<String, String> properties, String cublasMissing, String cudnnMissing) {
        return GpuPath.choose(properties::get, cublasMissing, cudnnMissing);
    }

    @Test
    void autoTakesTheFastestThatLoaded() {
        assertEquals(new GpuPath.Choice(GpuPath.CUBLAS, GpuPath.CUDNN, GpuPath.CUDNN), choose(Map.of(), null, null));
        assertEquals(new GpuPath.Choice(GpuPath.CUBLAS, GpuPath.CUBLAS, GpuPath.OURS), choose(Map.of(), null, NO_CUDNN));
        assertEquals(new GpuPath.Choice(GpuPath.OURS, GpuPath.OURS, GpuPath.OURS), choose(Map.of(), NO_CUBLAS, NO_CUDNN));
        assertEquals(new GpuPath.Choice(GpuPath.OURS, GpuPath.CUDNN, GpuPath.CUDNN), choose(Map.of("tensorj.cuda.path", "AUTO"), NO_CUBLAS, null));
    }

    @Test
    void oneValueForcesEveryFamilyAndPerFamilyValuesWin() {
        assertEquals(new GpuPath.Choice(GpuPath.OURS, GpuPath.OURS, GpuPath.OURS), choose(Map.of("tensorj.cuda.path", "ours"), null, null));
        assertEquals(new GpuPath.Choice(GpuPath.CUBLAS, GpuPath.CUBLAS, GpuPath.OURS), choose(Map.of("tensorj.cuda.path", "cublas"), null, null));
        assertEquals(new GpuPath.Choice(GpuPath.CUBLAS, GpuPath.CUDNN, GpuPath.CUDNN), choose(Map.of("tensorj.cuda.path", "cudnn"), null, null));
        assertEquals(new GpuPath.Choice(GpuPath.OURS, GpuPath.CUDNN, GpuPath.OURS),
                choose(Map.of("tensorj.cuda.path", "ours", "tensorj.cuda.path.conv", "cudnn"), null, null));
        assertEquals(new GpuPath.Choice(GpuPath.CUBLAS, GpuPath.OURS, GpuPath.CUDNN), choose(Map.of("tensorj.cuda.path.conv", "ours"), null, null));
        assertEquals(new GpuPath.Choice(GpuPath.CUBLAS, GpuPath.CUDNN, GpuPath.OURS), choose(Map.of("tensorj.cuda.path.norm", "ours"), null, null));
    }

    @Test
    void aForcedPathThatCannotRunIsAnErrorWithTheReason() {
        var e = assertThrows(IllegalStateException.class, () -> choose(Map.of("tensorj.cuda.path", "cudnn"), null, NO_CUDNN));
        assertEquals("tensorj.cuda.path forces cuDNN for conv, but it is not available: " + NO_CUDNN, e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> choose(Map.of("tensorj.cuda.path.norm", "cudnn"), null, NO_CUDNN));
        assertTrue(e.getMessage().contains("cuDNN for norm"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> choose(Map.of("tensorj.cuda.path.gemm", "cublas"), NO_CUBLAS, null));
        assertTrue(e.getMessage().contains("cuBLAS for gemm") && e.getMessage().contains(NO_CUBLAS), e.getMessage());
    }

    @Test
    void anUnknownValueNamesTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> choose(Map.of("tensorj.cuda.path.gemm", "cudnn"), null, null));
        assertEquals("-Dtensorj.cuda.path.gemm=cudnn: expected one of ours, cublas, auto", e.getMessage());
    }
}
