package dev.tensorj.cuda;

import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The raw address handed to cuBLAS/cuDNN includes a JCuda view's byte offset (no GPU: a null base). */
class DevicePointersTest {

    @Test
    void anOffsetViewAddsItsByteOffset() {
        CUdeviceptr base = new CUdeviceptr();
        assertEquals(0L, DevicePointers.address(base));
        assertEquals(4096L, DevicePointers.address(base.withByteOffset(4096)));
        assertEquals(4096L + 12, DevicePointers.address(base.withByteOffset(4096).withByteOffset(12)));
    }
}
