package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Forward values of the convolution family against direct loops (gradcheck only checks gradients). */
class ConvForwardTest {

    /** The definition: y[n, o, y, x] = b[o] + sum_{c, i, j} w[o, c, i, j] x[n, c, y s - p + i d, x s - p + j d]. */
    static double[] directConv(Tensor x, Tensor w, Tensor b, ConvGeometry g) {
        int n = x.size(0), c = x.size(1), h = x.size(2), wd = x.size(3), o = w.size(0);
        int oh = g.outH(h), ow = g.outW(wd);
        double[] out = new double[n * o * oh * ow];
        for (int in = 0; in < n; in++)
            for (int io = 0; io < o; io++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++) {
                        double s = b == null ? 0 : b.get(io);
                        for (int ic = 0; ic < c; ic++)
                            for (int i = 0; i < g.kernelH(); i++)
                                for (int j = 0; j < g.kernelW(); j++) {
                                    int hh = y * g.strideH() - g.padH() + i * g.dilationH();
                                    int ww = xx * g.strideW() - g.padW() + j * g.dilationW();
                                    if (hh >= 0 && hh < h && ww >= 0 && ww < wd) s += w.get(io, ic, i, j) * x.get(in, ic, hh, ww);
                                }
                        out[((in * o + io) * oh + y) * ow + xx] = s;
                    }
        return out;
    }

    @Test
    void conv2dMatchesTheDefinition() {
        Generator r = new Generator(1);
        for (ConvGeometry g : new ConvGeometry[] {ConvGeometry.of(3, 1, 1), ConvGeometry.of(3, 1, 0), new ConvGeometry(3, 2, 2, 1, 1, 0, 2, 1), ConvGeometry.of(5, 2, 2)}) {
            Tensor x = Tensor.randn(r, 2, 3, 9, 8), w = Tensor.randn(r, 4, 3, g.kernelH(), g.kernelW()), b = Tensor.randn(r, 4);
            Variable y = Conv.conv2d(new Variable(x, false), new Variable(w, false), new Variable(b, false), g, 1);
            assertArrayEquals(directConv(x, w, b, g), y.data().toDoubleArray(), 1e-4, "geometry " + g);
        }
    }

    @Test
    void kerasSameAndValidShapes() {
        Variable x = new Variable(Tensor.zeros(1, 1, 28, 28), false);
        assertArrayEquals(new int[] {1, 6, 26, 26}, Conv.conv2d(x, new Variable(Tensor.zeros(6, 1, 3, 3), false), null, ConvGeometry.of(3, 1, 0), 1).data().dims());
        assertArrayEquals(new int[] {1, 6, 28, 28}, Conv.conv2d(x, new Variable(Tensor.zeros(6, 1, 3, 3), false), null, ConvGeometry.of(3, 1, 1), 1).data().dims());
        Variable odd = new Variable(Tensor.zeros(1, 2, 11, 11), false);
        assertArrayEquals(new int[] {1, 2, 5, 5}, Pool.maxPool2d(odd, ConvGeometry.of(2, 2, 0)).data().dims(), "floor mode: 11 -> 5");
    }

    @Test
    void dcganTransposedConvolutionShapes() {
        // Keras Conv2DTranspose(5, strides=s, padding='same') is PyTorch padding 2 and output padding s - 1
        Variable x = new Variable(Tensor.zeros(2, 256, 7, 7), false);
        Variable y1 = Conv.convTranspose2d(x, new Variable(Tensor.zeros(256, 128, 5, 5), false), null, ConvGeometry.of(5, 1, 2), 0, 0);
        assertArrayEquals(new int[] {2, 128, 7, 7}, y1.data().dims());
        Variable y2 = Conv.convTranspose2d(y1, new Variable(Tensor.zeros(128, 64, 5, 5), false), null, ConvGeometry.of(5, 2, 2), 1, 1);
        assertArrayEquals(new int[] {2, 64, 14, 14}, y2.data().dims());
        Variable y3 = Conv.convTranspose2d(y2, new Variable(Tensor.zeros(64, 1, 5, 5), false), null, ConvGeometry.of(5, 2, 2), 1, 1);
        assertArrayEquals(new int[] {2, 1, 28, 28}, y3.data().dims());
    }

    @Test
    void transposedConvolutionIsTheAdjointOfConvolution() {
        // <convT(x, W), z> = <x, conv(z, W)> for all x, z: the defining property of the transpose
        Generator r = new Generator(2);
        ConvGeometry g = ConvGeometry.of(3, 2, 1);
        Tensor w = Tensor.normal(0, 1, DType.FLOAT64, r, 3, 2, 3, 3);
        Tensor x = Tensor.normal(0, 1, DType.FLOAT64, r, 1, 3, 4, 4);
        Tensor up = Conv.convTranspose2d(new Variable(x, false), new Variable(w, false), null, g, 1, 1).data();
        Tensor z = Tensor.normal(0, 1, DType.FLOAT64, r, up.dims());
        Tensor down = Conv.conv2d(new Variable(z, false), new Variable(w, false), null, g, 1).data();
        // conv2d with the transposed channel roles maps z [1, 2, 8, 8] back to [1, 3, 4, 4]
        assertEquals(up.mul(z).sum().item(), x.mul(down).sum().item(), 1e-9);
    }

    @Test
    void poolingValues() {
        Tensor x = Tensor.arange(0.0, 16.0, 1.0).reshape(1, 1, 4, 4);
        Variable v = new Variable(x, false);
        assertArrayEquals(new float[] {5, 7, 13, 15}, Pool.maxPool2d(v, ConvGeometry.of(2, 2, 0)).data().toFloatArray());
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, Pool.avgPool2d(v, ConvGeometry.of(2, 2, 0)).data().toFloatArray());
        Tensor up = Pool.upsampleNearest2d(new Variable(Tensor.of(1, 2, 3, 4).reshape(1, 1, 2, 2), false), 2, 2).data();
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, up.toFloatArray());
    }

    /** PyTorch's F.interpolate(scale_factor=2, mode='bilinear') on [[1, 2], [3, 4]], align_corners False and True. */
    @Test
    void bilinearUpsamplingMatchesPyTorch() {
        Variable x = new Variable(Tensor.of(1, 2, 3, 4).reshape(1, 1, 2, 2), false);
        assertArrayEquals(new float[] {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4},
                Pool.upsampleBilinear2d(x, 2, 2, false).data().toFloatArray(), 1e-6f);
        float t = 1f / 3, tt = 2f / 3;
        assertArrayEquals(new float[] {1, 1 + t, 1 + tt, 2, 1 + tt, 2, 2 + t, 2 + tt, 2 + t, 2 + tt, 3, 3 + t, 3, 3 + t, 3 + tt, 4},
                Pool.upsampleBilinear2d(x, 2, 2, true).data().toFloatArray(), 1e-6f);
        assertArrayEquals(new int[] {1, 1, 6, 4}, Pool.upsampleBilinear2d(x, 3, 2, false).data().dims());
    }

    @Test
    void batchNormNormalisesPerChannel() {
        Tensor x = Tensor.randn(new Generator(3), 8, 3, 4, 4).mul(5).add(2);
        Norm.Result r = Norm.batchNormTrain(new Variable(x, false), null, null, 1e-5);
        Tensor y = r.output().data();
        assertArrayEquals(new float[] {0, 0, 0}, y.mean(new int[] {0, 2, 3}, false).toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {1, 1, 1}, y.var(new int[] {0, 2, 3}, 0, false).toFloatArray(), 1e-3f);
        assertArrayEquals(new int[] {1, 3, 1, 1}, r.batchMean().dims());
    }

    @Test
    void maxPoolKernelMatchesTheUnfoldComposite() {
        Generator r = new Generator(9);
        for (ConvGeometry g : new ConvGeometry[] {ConvGeometry.of(2, 2, 0), ConvGeometry.of(3, 2, 1), new ConvGeometry(3, 2, 1, 2, 1, 0, 2, 1)}) {
            Tensor x = Tensor.randn(r, 2, 3, 9, 7);
            Tensor fast = Pool.maxPool2d(new Variable(x, false), g).data();
            Tensor composite = Pool.maxPool2dComposite(new Variable(x, false), g).data();
            assertArrayEquals(composite.toFloatArray(), fast.toFloatArray(), "geometry " + g);
            Tensor reference;
            try (var s = dev.tensorj.tensor.Backends.useCpu(dev.tensorj.tensor.reference.ReferenceBackend.INSTANCE)) {
                reference = Pool.maxPool2d(new Variable(x, false), g).data();
            }
            assertArrayEquals(reference.toFloatArray(), fast.toFloatArray(), "reference backend, geometry " + g);
        }
    }

    @Test
    void fusedConvolutionMatchesTheCompositeInValuesAndGradients() {
        Generator r = new Generator(11);
        for (ConvGeometry g : new ConvGeometry[] {ConvGeometry.of(3, 1, 1), new ConvGeometry(3, 2, 2, 1, 1, 0, 2, 1), ConvGeometry.of(5, 2, 2)}) {
            for (int batch : new int[] {1, 5}) {
                Tensor x = Tensor.randn(r, batch, 3, 9, 8), w = Tensor.randn(r, 4, 3, g.kernelH(), g.kernelW());
                Variable xf = new Variable(x, true), wf = new Variable(w, true), xc = new Variable(x, true), wc = new Variable(w, true);
                Variable fused = Conv.conv2d(xf, wf, null, g, 1), composite = Conv.conv2dComposite(xc, wc, null, g);
                assertTrue(fused.data().allClose(composite.data(), 1e-4, 1e-4), "forward " + g);
                Tensor upstream = Tensor.randn(r, fused.data().dims());
                fused.backward(upstream);
                composite.backward(upstream);
                assertTrue(xf.grad().allClose(xc.grad(), 1e-4, 1e-4), "dx " + g + " batch " + batch);
                assertTrue(wf.grad().allClose(wc.grad(), 1e-4, 1e-3), "dw " + g + " batch " + batch);
            }
        }
    }

    @Test
    void fusedTransposedConvolutionMatchesTheCompositeInValuesAndGradients() {
        Generator r = new Generator(17);
        // {kernel, stride, pad, dilation, outputPadding}: Keras 'same' stride 1 and 2 (7 -> 7 -> 14), stride 3, dilation
        int[][] cases = {{5, 1, 2, 1, 0}, {5, 2, 2, 1, 1}, {3, 3, 1, 1, 2}, {3, 2, 0, 2, 1}};
        for (int[] c : cases) {
            ConvGeometry g = new ConvGeometry(c[0], c[0], c[1], c[1], c[2], c[2], c[3], c[3]);
            for (int batch : new int[] {1, 5}) {
                Tensor x = Tensor.randn(r, batch, 3, 7, 6), w = Tensor.randn(r, 3, 4, c[0], c[0]), b = Tensor.randn(r, 4);
                Variable xf = new Variable(x, true), wf = new Variable(w, true), bf = new Variable(b, true);
                Variable xc = new Variable(x, true), wc = new Variable(w, true), bc = new Variable(b, true);
                Variable fused = Conv.convTranspose2d(xf, wf, bf, g, c[4], c[4]);
                int height = (7 - 1) * c[1] - 2 * c[2] + c[3] * (c[0] - 1) + c[4] + 1, width = (6 - 1) * c[1] - 2 * c[2] + c[3] * (c[0] - 1) + c[4] + 1;
                Variable composite = Conv.convTranspose2dComposite(xc, wc, bc, g, height, width);
                String what = java.util.Arrays.toString(c) + " batch " + batch;
                assertArrayEquals(new int[] {batch, 4, height, width}, fused.data().dims(), "shape " + what);
                assertTrue(fused.data().allClose(composite.data(), 1e-4, 1e-4), "forward " + what);
                Tensor upstream = Tensor.randn(r, fused.data().dims());
                fused.backward(upstream);
                composite.backward(upstream);
                assertTrue(xf.grad().allClose(xc.grad(), 1e-4, 1e-4), "dx " + what);
                assertTrue(wf.grad().allClose(wc.grad(), 1e-4, 1e-3), "dw " + what);
                assertTrue(bf.grad().allClose(bc.grad(), 1e-4, 1e-4), "db " + what);
            }
        }
    }

    @Test
    void fusedTransposedConvolutionAgreesWithTheReferenceBackend() {
        Generator r = new Generator(19);
        ConvGeometry g = ConvGeometry.of(5, 2, 2);
        Tensor x = Tensor.randn(r, 3, 4, 7, 7), w = Tensor.randn(r, 4, 2, 5, 5), upstream = Tensor.randn(r, 3, 2, 14, 14);
        Tensor[] fast = transposedValueAndGradients(x, w, g, upstream);
        Tensor[] reference;
        try (var s = dev.tensorj.tensor.Backends.useCpu(dev.tensorj.tensor.reference.ReferenceBackend.INSTANCE)) {
            reference = transposedValueAndGradients(x, w, g, upstream);
        }
        String[] names = {"forward", "dx", "dw"};
        for (int i = 0; i < 3; i++) assertTrue(fast[i].allClose(reference[i], 1e-4, 1e-3), names[i] + " differs from the reference backend");
    }

    private static Tensor[] transposedValueAndGradients(Tensor x, Tensor w, ConvGeometry g, Tensor upstream) {
        Variable xv = new Variable(x, true), wv = new Variable(w, true);
        Variable y = Conv.convTranspose2d(xv, wv, null, g, 1, 1);
        y.backward(upstream);
        return new Tensor[] {y.data(), xv.grad(), wv.grad()};
    }

    @Test
    void fusedBatchNormMatchesTheComposite() {
        Generator r = new Generator(13);
        for (int[] shape : new int[][] {{8, 3, 5, 4}, {16, 6}, {2, 4, 3}}) {
            Tensor x = Tensor.randn(r, shape).mul(3).add(1), gamma = Tensor.randn(r, shape[1]), beta = Tensor.randn(r, shape[1]);
            Variable[] a = {new Variable(x, true), new Variable(gamma, true), new Variable(beta, true)};
            Variable[] b = {new Variable(x, true), new Variable(gamma, true), new Variable(beta, true)};
            Norm.Result fused = Norm.batchNormTrain(a[0], a[1], a[2], 1e-5), composite = Norm.batchNormTrainComposite(b[0], b[1], b[2], 1e-5);
            assertTrue(fused.output().data().allClose(composite.output().data(), 1e-4, 1e-5), "forward " + java.util.Arrays.toString(shape));
            assertTrue(fused.batchVariance().allClose(composite.batchVariance(), 1e-4, 1e-5), "variance " + java.util.Arrays.toString(shape));
            Tensor upstream = Tensor.randn(r, shape);
            fused.output().backward(upstream);
            composite.output().backward(upstream);
            for (int i = 0; i < 3; i++) assertTrue(a[i].grad().allClose(b[i].grad(), 1e-3, 1e-4), "gradient " + i + " " + java.util.Arrays.toString(shape));
        }
    }
}
