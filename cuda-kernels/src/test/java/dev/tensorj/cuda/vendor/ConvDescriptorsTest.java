package dev.tensorj.cuda.vendor;

import dev.tensorj.tensor.ConvGeometry;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cuDNN's convolution descriptors from our shapes, strides and {@link ConvGeometry}, without a GPU. */
class ConvDescriptorsTest {

    static int[] contiguous(int... dims) {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int a = dims.length - 1; a >= 0; a--) {
            strides[a] = s;
            s *= dims[a];
        }
        return strides;
    }

    @Test
    void courseC2FirstConvolution() {
        // C2: 64 images 3x32x32, 32 filters 3x3, stride 1, padding 1 -> 64x32x32x32
        ConvGeometry g = new ConvGeometry(3, 3, 1, 1, 1, 1, 1, 1);
        int[] x = {64, 3, 32, 32}, w = {32, 3, 3, 3}, y = {64, 32, 32, 32};
        ConvDescriptors d = ConvDescriptors.of(x, contiguous(x), w, g, y, contiguous(y));
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1}, d.convolution(), "pad_h, pad_w, u, v, dilation_h, dilation_w");
        assertArrayEquals(w, d.filter(), "KCRS");
        assertArrayEquals(new int[] {3 * 32 * 32, 32 * 32, 32, 1}, d.input().strides());
        assertArrayEquals(new int[] {32 * 32 * 32, 32 * 32, 32, 1}, d.output().strides());
    }

    @Test
    void stridedViewsKeepTheirStridesAndUnitAxesGetContiguousOnes() {
        ConvGeometry g = new ConvGeometry(2, 3, 2, 1, 0, 2, 1, 2);
        int[] x = {1, 4, 9, 10}, w = {5, 4, 2, 3}, y = {1, 5, g.outH(9), g.outW(10)};
        int[] channelsLast = {999, 1, 40, 4};
        ConvDescriptors d = ConvDescriptors.of(x, channelsLast, w, g, y, contiguous(y));
        assertArrayEquals(new int[] {4 * 9 * 10, 1, 40, 4}, d.input().strides(), "the batch axis of size 1 gets a contiguous stride");
        assertArrayEquals(new int[] {0, 2, 2, 1, 1, 2}, d.convolution());
    }

    @Test
    void broadcastTensorsHaveNoDescriptor() {
        ConvGeometry g = ConvGeometry.of(3, 1, 1);
        int[] x = {2, 1, 5, 5}, w = {1, 1, 3, 3}, y = {2, 1, 5, 5};
        assertNull(ConvDescriptors.of(x, new int[] {0, 25, 5, 1}, w, g, y, contiguous(y)), "images broadcast with stride 0");
    }

    @Test
    void shapesThatDoNotFitTheGeometryAreRejectedByName() {
        ConvGeometry g = ConvGeometry.of(3, 1, 0);
        int[] x = {2, 3, 8, 8}, y = {2, 4, 6, 6};
        var e = assertThrows(IllegalArgumentException.class, () -> ConvDescriptors.of(x, contiguous(x), new int[] {4, 2, 3, 3}, g, y, contiguous(y)));
        assertTrue(e.getMessage().contains("weight [4, 2, 3, 3] does not fit input [2, 3, 8, 8]"), e.getMessage());
        int[] wrong = {2, 4, 7, 7};
        e = assertThrows(IllegalArgumentException.class, () -> ConvDescriptors.of(x, contiguous(x), new int[] {4, 3, 3, 3}, g, wrong, contiguous(wrong)));
        assertTrue(e.getMessage().contains("output [2, 4, 7, 7] is not"), e.getMessage());
    }

    @Test
    void cudnnOutputSizeFormulaAgreesWithConvGeometry() {
        Random random = new Random(9);
        for (int trial = 0; trial < 500; trial++) {
            int k = 1 + random.nextInt(5), s = 1 + random.nextInt(3), p = random.nextInt(3), d = 1 + random.nextInt(3);
            int in = (k - 1) * d + 1 + random.nextInt(20);
            ConvGeometry g = new ConvGeometry(k, k, s, s, p, p, d, d);
            assertEquals(g.outH(in), ConvDescriptors.cudnnOutputSize(in, k, p, s, d), "in " + in + ", " + g);
        }
    }

    @Test
    void equalProblemsAreOneCacheKey() {
        ConvGeometry g = ConvGeometry.of(3, 1, 1);
        int[] x = {2, 3, 8, 8}, w = {4, 3, 3, 3}, y = {2, 4, 8, 8};
        assertEquals(ConvDescriptors.of(x, contiguous(x), w, g, y, contiguous(y)), ConvDescriptors.of(x.clone(), contiguous(x), w.clone(), g, y, contiguous(y)));
        assertEquals(ConvDescriptors.of(x, contiguous(x), w, g, y, contiguous(y)).hashCode(),
                ConvDescriptors.of(x.clone(), contiguous(x), w.clone(), g, y, contiguous(y)).hashCode());
    }
}
