package dev.tensorj.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernels' one vector shape: what {@code -Dtensorj.simd} asks for, else the machine's widest of 256
 * and 512 bits. The build runs this module's tests three times: by default, with {@code -Dtensorj.simd=256}
 * (so both register-tile layouts are checked against the reference on an AVX-512 machine) and with
 * {@code -Dtensorj.simd=off}.
 */
class VectorShapeTest {
    @Test
    void vectorBitsFollowThePropertyOrTheMachine() {
        String asked = System.getProperty("tensorj.simd", "auto");
        if (asked.equals("off")) {
            assertEquals(0, CpuBackend.vectorBits());
            assertEquals(GemmScalarKernel.INSTANCE, Gemm.kernel());
            assertEquals(null, Gemm.vectorKernel());
            return;
        }
        assumeTrue(Simd.AVAILABLE, "the Vector API is not loaded");
        int expected = asked.equals("auto")
                ? (FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 512 : 256)
                : Integer.parseInt(asked);
        assertEquals(expected, CpuBackend.vectorBits());
        assertEquals(expected / 32, VectorKernels.SPECIES.length());
        assertEquals(2 * VectorKernels.SPECIES.length(), GemmMicroKernel.NR);
        assertEquals(Gemm.vectorKernel(), Gemm.kernel());
    }
}
