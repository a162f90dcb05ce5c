package dev.tensorj.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernels' one vector shape: what {@code -Dtensorj.vector.bits} asks for, else the machine's widest
 * of 256 and 512 bits. The build runs this module's tests twice on an AVX-512 machine, once with
 * {@code -Dtensorj.vector.bits=256}, so both register-tile layouts are checked against the reference.
 */
class VectorShapeTest {
    @Test
    void vectorBitsFollowThePropertyOrTheMachine() {
        assumeTrue(Simd.AVAILABLE, "the Vector API is not loaded");
        String asked = System.getProperty("tensorj.vector.bits", "");
        int expected = asked.isEmpty()
                ? (FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 512 : 256)
                : Integer.parseInt(asked);
        assertEquals(expected, CpuBackend.vectorBits());
        assertEquals(expected / 32, VectorKernels.SPECIES.length());
        assertEquals(2 * VectorKernels.SPECIES.length(), GemmMicroKernel.NR);
    }
}
