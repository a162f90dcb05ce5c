package dev.tensorj.cpu;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused convolution kernels (im2col + GEMM, the implicit GEMM of stride-1 convolutions) against the
 * reference loop nest: strides, padding, dilation, odd sizes, batch 1 and many, 1 and 2 threads.
 */
class ConvolutionConformanceTest {

    static Stream<ConvGeometry> geometries() {
        return Stream.of(ConvGeometry.of(3, 1, 1), ConvGeometry.of(3, 1, 0), ConvGeometry.of(5, 2, 2),
                new ConvGeometry(3, 2, 2, 1, 0, 1, 2, 1), ConvGeometry.of(1, 1, 0),
                // stride 1 with dilation and a non-square kernel; a padding past the kernel's reach (its input
                // gradient cannot be the flipped forward: ImplicitGemmConvolution leaves it to im2col)
                new ConvGeometry(3, 2, 1, 1, 3, 0, 2, 1), ConvGeometry.of(3, 1, 3));
    }

    /**
     * C1's two layers (conv 1→6 on 28x28 and 6→10 on 13x13, valid), C2's first (1→112, same) and a 1-D
     * convolution, with the routes they take asserted, so that a change of route cannot leave them untested.
     */
    @Test
    void courseLayerShapesMatchTheReferenceOnTheirRoutes() {
        Parallel.setThreads(2);
        try {
            ConvGeometry valid = ConvGeometry.of(3, 1, 0), same = ConvGeometry.of(3, 1, 1);
            Generator r = new Generator(42);
            record Layer(int c, int o, int h, int w, ConvGeometry g, boolean implicitForward, boolean implicitInputGradient) {
            }
            for (Layer layer : new Layer[] {new Layer(1, 6, 28, 28, valid, true, true), new Layer(6, 10, 13, 13, valid, true, true),
                    new Layer(1, 112, 28, 28, same, false, false),
                    // a Conv1d as the tensorj layer runs it: [N, C, 1, L] with a 1 x 5 kernel, padding 2 along L
                    new Layer(8, 6, 1, 50, new ConvGeometry(1, 5, 1, 1, 0, 2, 1, 1), true, true)}) {
                int batch = 3;
                boolean simd = Simd.enabled() && Gemm.kernel() != GemmScalarKernel.INSTANCE; // the implicit GEMM's kernels are SIMD only
                assertEquals(simd && layer.implicitForward(), ImplicitGemmConvolution.appliesToForward(layer.g(), batch, layer.c(), layer.o()), "route of " + layer);
                assertEquals(simd && layer.implicitInputGradient(), ImplicitGemmConvolution.appliesToInputGradient(layer.g(), batch, layer.c(), layer.o()),
                        "route of " + layer);
                Tensor x = Tensor.randn(r, batch, layer.c(), layer.h(), layer.w());
                assertEquals(simd, ImplicitGemmConvolution.appliesToWeightGradient(layer.g(), batch, layer.c(), x.toFloatArray(), 0, (int) x.numel()),
                        "route of " + layer);
                Tensor w = Tensor.randn(r, layer.o(), layer.c(), layer.g().kernelH(), layer.g().kernelW());
                int[] outShape = {batch, layer.o(), layer.g().outH(layer.h()), layer.g().outW(layer.w())};
                Tensor y = Tensor.zeros(outShape), yRef = Tensor.zeros(outShape);
                CpuBackend.INSTANCE.conv2d(x, w, layer.g(), y);
                ReferenceBackend.INSTANCE.conv2d(x, w, layer.g(), yRef);
                assertTrue(y.allClose(yRef, 1e-4, 1e-4), "forward " + layer);
                Tensor grad = Tensor.randn(r, y.dims());
                Tensor dx = Tensor.zeros(x.dims()), dxRef = Tensor.zeros(x.dims());
                CpuBackend.INSTANCE.conv2dBackwardInput(grad, w, layer.g(), dx);
                ReferenceBackend.INSTANCE.conv2dBackwardInput(grad, w, layer.g(), dxRef);
                assertTrue(dx.allClose(dxRef, 1e-4, 1e-4), "backward input " + layer);
                Tensor dw = Tensor.zeros(w.dims()), dwRef = Tensor.zeros(w.dims());
                CpuBackend.INSTANCE.conv2dBackwardWeight(x, grad, layer.g(), dw);
                ReferenceBackend.INSTANCE.conv2dBackwardWeight(x, grad, layer.g(), dwRef);
                assertTrue(dw.allClose(dwRef, 1e-3, 1e-3), "backward weight " + layer);
            }
        } finally {
            Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * The channels-last direct route (windows of 16+ taps on 32+ channels, 64+ outputs: the DCGAN's 5x5 layers, the
     * cGAN's 4x4 ones), forward, weight gradient and the input gradient at strides 1, 2 and 3 (there the roles of the
     * channel counts swap), against the reference, each case on the route it takes (a 3x3 case checks it is not taken):
     * 5x5, 4x4 and 4x5 windows, stride 1 and 2, padding 0, 1 and 2, a rectangular map, a batch whose
     * pixel count leaves a partial register tile, an output count that leaves a partial weight panel, 257 channels a tap
     * (deeper than the GEMM's KC = 256 blocks, which this route does not split: the cGAN notebook generator's first
     * transposed layer), inputs at an
     * offset in their storage, one and two threads; Inf/NaN inputs propagate as in the reference.
     */
    @Test
    void channelsLastRouteMatchesTheReference() {
        try {
            Generator r = new Generator(5);
            record Case(int n, int c, int o, int h, int w, ConvGeometry g) {
            }
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (Case k : new Case[] {new Case(3, 32, 64, 14, 14, ConvGeometry.of(5, 2, 2)), new Case(2, 40, 70, 7, 9, ConvGeometry.of(5, 1, 2)),
                        new Case(1, 33, 65, 9, 8, ConvGeometry.of(5, 1, 0)), new Case(5, 32, 96, 7, 7, new ConvGeometry(5, 5, 2, 1, 1, 2, 1, 1)),
                        new Case(3, 70, 33, 7, 6, ConvGeometry.of(5, 1, 2)), new Case(2, 64, 40, 9, 9, ConvGeometry.of(5, 1, 1)),
                        new Case(6, 32, 64, 12, 12, ConvGeometry.of(5, 1, 2)),
                        new Case(3, 64, 32, 14, 14, ConvGeometry.of(5, 2, 2)), new Case(2, 65, 40, 9, 11, new ConvGeometry(5, 5, 2, 3, 1, 0, 1, 1)),
                        new Case(2, 64, 32, 10, 10, ConvGeometry.of(5, 3, 0)), // strided input gradients: stride 2, (2, 3), and 3 with pixels no tap sees // the last: 864 pixels, several GEMM depth blocks
                        new Case(3, 40, 64, 7, 7, ConvGeometry.of(4, 2, 1)), new Case(2, 64, 33, 7, 7, ConvGeometry.of(4, 2, 1)), // the cGAN's 4x4 stride-2 layers
                        // the cGAN notebook generator's first transposed layer as the convolution it is the adjoint of: 128 -> 257
                        // channels (the label's map makes 257: one tap's product is deeper than the GEMM's KC = 256, and is not split)
                        new Case(2, 128, 257, 14, 14, ConvGeometry.of(4, 2, 1)),
                        new Case(2, 32, 70, 9, 8, new ConvGeometry(4, 5, 1, 2, 2, 1, 1, 1)), // a rectangular window
                        new Case(2, 64, 128, 9, 9, ConvGeometry.of(3, 2, 1)), // 3x3: 9 taps, below the route's 16
                        // many images of a small map: tiles and depth blocks of one or two pixels skip their padded taps, and
                        // 40 channels a tap put a padded and an inside tap in one column panel
                        new Case(100, 40, 64, 3, 3, ConvGeometry.of(5, 1, 2)), new Case(50, 64, 40, 3, 3, ConvGeometry.of(5, 1, 2))}) {
                    boolean simd = Simd.enabled(), wide = k.g().kernelH() * k.g().kernelW() >= 16;
                    assertEquals(simd && wide && k.c() >= 32 && k.o() >= 64, ChannelsLastConvolution.appliesToForward(k.g(), k.c(), k.o()), "forward route of " + k);
                    assertEquals(simd && wide && k.o() >= 32 && k.c() >= 64, ChannelsLastConvolution.appliesToInputGradient(k.g(), k.c(), k.o()),
                            "input-gradient route of " + k);
                    Tensor x = Tensor.randn(r, k.n() + 1, k.c(), k.h(), k.w()).narrow(0, 1, k.n()); // at an offset, still contiguous
                    Tensor w = Tensor.randn(r, k.o(), k.c(), k.g().kernelH(), k.g().kernelW()).mul(0.1);
                    if (threads == 2) Operands.withSpecials(x, r);
                    int[] outShape = {k.n(), k.o(), k.g().outH(k.h()), k.g().outW(k.w())};
                    Tensor y = Tensor.zeros(outShape), yRef = Tensor.zeros(outShape);
                    CpuBackend.INSTANCE.conv2d(x, w, k.g(), y);
                    ReferenceBackend.INSTANCE.conv2d(x, w, k.g(), yRef);
                    Operands.assertClose("forward " + k + ", " + threads + " threads", doubles(yRef), doubles(y), 1e-4, 1e-4);
                    Tensor grad = Tensor.randn(r, outShape);
                    Tensor dx = Tensor.zeros(x.dims()), dxRef = Tensor.zeros(x.dims());
                    CpuBackend.INSTANCE.conv2dBackwardInput(grad, w, k.g(), dx);
                    ReferenceBackend.INSTANCE.conv2dBackwardInput(grad, w, k.g(), dxRef);
                    Operands.assertClose("input gradient " + k + ", " + threads + " threads", doubles(dxRef), doubles(dx), 1e-4, 1e-4);
                    assertEquals(simd && wide && k.c() >= 32 && k.o() >= 64, ChannelsLastConvolution.appliesToWeightGradient(k.g(), k.c(), k.o()), "weight-gradient route of " + k);
                    Tensor dw = Tensor.zeros(w.dims()), dwRef = Tensor.zeros(w.dims());
                    CpuBackend.INSTANCE.conv2dBackwardWeight(x, grad, k.g(), dw);
                    ReferenceBackend.INSTANCE.conv2dBackwardWeight(x, grad, k.g(), dwRef);
                    Operands.assertClose("weight gradient " + k + ", " + threads + " threads", doubles(dwRef), doubles(dw), 1e-3, 1e-3);
                }
            }
        } finally {
            Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    private static double[] doubles(Tensor t) {
        float[] f = t.contiguous().toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /**
     * An infinite pixel: the implicit GEMM's weight gradient would multiply it by the zero gradient of a
     * dropped column (NaN) for taps that never see it, so such inputs take the im2col route, and every
     * entry (finite, infinite or NaN) is the reference's.
     */
    @Test
    void weightGradientOfAnInfiniteInputMatchesTheReferenceEntryByEntry() {
        ConvGeometry valid = ConvGeometry.of(3, 1, 0);
        Generator r = new Generator(5);
        float[] values = Tensor.randn(r, 4, 2, 7, 7).toFloatArray();
        values[2 * 49 + 3 * 7] = Float.POSITIVE_INFINITY; // image 1, channel 0, row 3, column 0: taps j = 1, 2 never see it
        Tensor x = Tensor.fromArray(values, 4, 2, 7, 7), grad = Tensor.randn(r, 4, 3, 5, 5);
        assertEquals(false, ImplicitGemmConvolution.appliesToWeightGradient(valid, 4, 2, values, 0, values.length), "the route of an input with an Inf");
        Tensor dw = Tensor.zeros(3, 2, 3, 3), dwRef = Tensor.zeros(3, 2, 3, 3);
        CpuBackend.INSTANCE.conv2dBackwardWeight(x, grad, valid, dw);
        ReferenceBackend.INSTANCE.conv2dBackwardWeight(x, grad, valid, dwRef);
        float[] got = dw.toFloatArray(), want = dwRef.toFloatArray();
        int finite = 0;
        for (int i = 0; i < want.length; i++) {
            if (Float.isFinite(want[i])) {
                finite++;
                assertEquals(want[i], got[i], 1e-3 * Math.max(1, Math.abs(want[i])), "entry " + i);
            } else {
                assertEquals(Float.toString(want[i]), Float.toString(got[i]), "entry " + i); // Infinity or NaN alike
            }
        }
        assertTrue(finite > 0 && finite < want.length, "the Inf reaches some entries and not others: " + finite + " finite of " + want.length);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardAndBothBackwardsMatchTheReference(ConvGeometry g) {
        // batch 11 on 1, 2 and 3 threads: several images per GEMM (small images) with a short last group
        for (int[] image : new int[][] {{1, 9, 7}, {3, 9, 7}, {11, 9, 7}, {3, 17, 16}}) {
            for (int threads : new int[] {1, 2, 3}) {
              for (int outChannels : new int[] {5, 1}) { // one output channel: the input gradient is built without columns
                int batch = image[0], height = image[1], width = image[2];
                Parallel.setThreads(threads);
                Generator r = new Generator(batch * 10 + threads + outChannels);
                Tensor x = Tensor.randn(r, batch, 3, height, width), w = Tensor.randn(r, outChannels, 3, g.kernelH(), g.kernelW());
                int[] outShape = {batch, outChannels, g.outH(height), g.outW(width)};
                Tensor out = Tensor.zeros(outShape), outRef = Tensor.zeros(outShape);
                CpuBackend.INSTANCE.conv2d(x, w, g, out);
                ReferenceBackend.INSTANCE.conv2d(x, w, g, outRef);
                String what = g + ", " + outChannels + " output channels, batch " + batch + " of " + height + "x" + width + ", " + threads + " threads";
                assertTrue(out.allClose(outRef, 1e-4, 1e-4), "forward " + what);
                Tensor grad = Tensor.randn(r, outShape);
                Tensor dx = Tensor.zeros(x.dims()), dxRef = Tensor.zeros(x.dims());
                CpuBackend.INSTANCE.conv2dBackwardInput(grad, w, g, dx);
                ReferenceBackend.INSTANCE.conv2dBackwardInput(grad, w, g, dxRef);
                assertTrue(dx.allClose(dxRef, 1e-4, 1e-4), "backward input " + what);
                Tensor dw = Tensor.zeros(w.dims()), dwRef = Tensor.zeros(w.dims());
                CpuBackend.INSTANCE.conv2dBackwardWeight(x, grad, g, dw);
                ReferenceBackend.INSTANCE.conv2dBackwardWeight(x, grad, g, dwRef);
                assertTrue(dw.allClose(dwRef, 1e-4, 1e-3), "backward weight " + what);
              }
            }
        }
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }
}
