package dev.tensorj.tensor.cpu;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Max pooling values and argmax indices against the reference, with ties and NaNs, for the 2x2 fast path and general windows. */
class MaxPoolConformanceTest {

    @Test
    void valuesAndIndicesMatchTheReference() {
        Generator g = new Generator(12);
        // small integers make ties common; a few NaNs must win their windows
        Tensor x = Tensor.randint(0, 3, g, 2, 3, 9, 7).to(DType.FLOAT32);
        x.select(0, 1).select(0, 2).select(0, 4).select(0, 3).fill(Float.NaN);
        x.select(0, 0).select(0, 0).select(0, 0).select(0, 1).fill(Float.NaN);
        for (ConvGeometry geometry : new ConvGeometry[] {ConvGeometry.of(2, 2, 0), ConvGeometry.of(3, 2, 1), new ConvGeometry(3, 2, 1, 2, 1, 0, 2, 1)}) {
            int outH = geometry.outH(9), outW = geometry.outW(7);
            Tensor out = Tensor.zeros(2, 3, outH, outW), outRef = Tensor.zeros(2, 3, outH, outW);
            Tensor idx = Tensor.zeros(DType.INT64, dev.tensorj.tensor.Device.CPU, 2, 3, outH, outW), idxRef = Tensor.zeros(DType.INT64, dev.tensorj.tensor.Device.CPU, 2, 3, outH, outW);
            CpuBackend.INSTANCE.maxPool2d(x, geometry, out, idx);
            ReferenceBackend.INSTANCE.maxPool2d(x, geometry, outRef, idxRef);
            assertArrayEquals(outRef.toFloatArray(), out.toFloatArray(), "values, " + geometry);
            assertArrayEquals(idxRef.toLongArray(), idx.toLongArray(), "indices, " + geometry);
        }
    }
}
