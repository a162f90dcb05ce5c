package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Winograd convolution (forward, backward to the input and to the weights, through {@link CpuBackend})
 * against the reference loop nest: paddings 0, 1, 2 and mixed, odd and even sizes (clipped edge
 * tiles), images down to 3x3 and rows of 2 to 33 tiles (under one vector: masked with 512-bit vectors; over it: the overlapping last block), batch 1 to 11 (groups of several images with a short last group), 1 to
 * 3 threads; with the vector transforms and with the plain-Java ones.
 */
class WinogradConformanceTest {
    private static final int C = 16, O = 19;

    static Stream<ConvGeometry> geometries() {
        return Stream.of(ConvGeometry.of(3, 1, 1), ConvGeometry.of(3, 1, 0), ConvGeometry.of(3, 1, 2),
                new ConvGeometry(3, 3, 1, 1, 0, 2, 1, 1), new ConvGeometry(3, 3, 1, 1, 2, 1, 1, 1));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void allThreePassesMatchTheReference(ConvGeometry g) {
        assertTrue(WinogradConvolution.applies(g, C, O) && WinogradConvolution.applies(g, O, C), "the cases below must reach the Winograd kernel");
        for (boolean vector : new boolean[] {true, false}) {
            Simd.allow(vector);
            try {
                compareWithReference(g, vector ? "vector transforms" : "plain-Java transforms");
            } finally {
                Simd.allow(true);
            }
        }
    }

    private static void compareWithReference(ConvGeometry g, String path) {
        for (int[] image : new int[][] {{1, 9, 7}, {3, 8, 8}, {11, 5, 6}, {2, 3, 3}, {2, 28, 28}, {3, 6, 19}, {1, 4, 16}, {2, 5, 37}, {1, 3, 64}}) {
            for (int threads : new int[] {1, 2, 3}) {
                int batch = image[0], height = image[1], width = image[2];
                if (g.outH(height) < 1 || g.outW(width) < 1) continue;
                Parallel.setThreads(threads);
                try {
                    Generator r = new Generator(batch * 100 + height * 10 + threads);
                    Tensor x = Tensor.randn(r, batch, C, height, width), w = Tensor.randn(r, O, C, 3, 3);
                    int[] outShape = {batch, O, g.outH(height), g.outW(width)};
                    Tensor out = Tensor.zeros(outShape), outRef = Tensor.zeros(outShape);
                    CpuBackend.INSTANCE.conv2d(x, w, g, out);
                    ReferenceBackend.INSTANCE.conv2d(x, w, g, outRef);
                    String what = path + ", " + g + ", batch " + batch + " of " + height + "x" + width + ", " + threads + " threads";
                    assertClose(outRef, out, "forward " + what);
                    Tensor grad = Tensor.randn(r, outShape);
                    Tensor dx = Tensor.zeros(x.dims()), dxRef = Tensor.zeros(x.dims());
                    CpuBackend.INSTANCE.conv2dBackwardInput(grad, w, g, dx);
                    ReferenceBackend.INSTANCE.conv2dBackwardInput(grad, w, g, dxRef);
                    assertClose(dxRef, dx, "backward input " + what);
                    Tensor dw = Tensor.zeros(w.dims()), dwRef = Tensor.zeros(w.dims());
                    CpuBackend.INSTANCE.conv2dBackwardWeight(x, grad, g, dw);
                    ReferenceBackend.INSTANCE.conv2dBackwardWeight(x, grad, g, dwRef);
                    assertClose(dwRef, dw, "backward weight " + what);
                } finally {
                    Parallel.setThreads(Runtime.getRuntime().availableProcessors());
                }
            }
        }
    }

    /**
     * Relative to the largest value: forward and input-gradient values are sums of 144 products of unit
     * normals (about 12 in size), weight-gradient values sums of up to batch x 784 (about 40).
     */
    private static void assertClose(Tensor expected, Tensor actual, String what) {
        double worst = expected.sub(actual).abs().max().item();
        assertTrue(worst < 2e-4 * Math.max(1, expected.abs().max().item()), what + ": largest difference " + worst);
    }

    @Test
    void onlyThreeByThreeStrideOneConvolutionsWithEnoughChannelsQualify() {
        assertFalse(WinogradConvolution.applies(ConvGeometry.of(3, 2, 1), C, O), "stride 2");
        assertFalse(WinogradConvolution.applies(ConvGeometry.of(5, 1, 2), C, O), "5x5");
        assertFalse(WinogradConvolution.applies(new ConvGeometry(3, 3, 1, 1, 1, 1, 2, 2), C, O), "dilated");
        assertFalse(WinogradConvolution.applies(ConvGeometry.of(3, 1, 3), C, O), "padding 3: the input gradient would need padding -1");
        assertFalse(WinogradConvolution.applies(ConvGeometry.of(3, 1, 1), 1, 112), "one input channel (C2's first layer)");
    }
}
