package dev.tensorj.cpu;

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

    /** Signed zeros, infinities and NaNs of both signs in every mix: the 2x2 path orders them by keys, which must agree bit for bit. */
    @Test
    void specialValuesMatchTheReferenceBitForBit() {
        float negativeNaN = Float.intBitsToFloat(0xffc00001);
        float[] palette = {Float.NEGATIVE_INFINITY, -2f, -0f, 0f, 1f, Float.POSITIVE_INFINITY, Float.NaN, negativeNaN, -Float.MIN_VALUE, Float.MIN_VALUE};
        Generator g = new Generator(13);
        long[] picks = Tensor.randint(0, palette.length, g, 3, 4, 10, 12).toLongArray();
        float[] values = new float[picks.length];
        for (int i = 0; i < values.length; i++) values[i] = palette[(int) picks[i]];
        Tensor x = Tensor.fromArray(values, 3, 4, 10, 12);
        ConvGeometry geometry = ConvGeometry.of(2, 2, 0);
        Tensor out = Tensor.zeros(3, 4, 5, 6), outRef = Tensor.zeros(3, 4, 5, 6);
        Tensor idx = Tensor.zeros(DType.INT64, dev.tensorj.tensor.Device.CPU, 3, 4, 5, 6), idxRef = Tensor.zeros(DType.INT64, dev.tensorj.tensor.Device.CPU, 3, 4, 5, 6);
        CpuBackend.INSTANCE.maxPool2d(x, geometry, out, idx);
        ReferenceBackend.INSTANCE.maxPool2d(x, geometry, outRef, idxRef);
        assertArrayEquals(idxRef.toLongArray(), idx.toLongArray(), "indices");
        float[] got = out.toFloatArray(), expected = outRef.toFloatArray();
        for (int i = 0; i < got.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), "bits of value " + i);
        }
    }
}
