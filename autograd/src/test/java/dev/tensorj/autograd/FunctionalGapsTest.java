package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Forward values of the functional API's pooling options, adaptive pooling, grouped transposed
 * convolution and interpolate against PyTorch 1.13 (values from
 * src/test/resources/pytorch/functional_gaps_reference.py; gradcheck covers the gradients), and the
 * errors for bad arguments.
 */
class FunctionalGapsTest {
    /** The reference script's inputs: p(i) = (i * 37) mod n over 0..n-1, times scale, in float64. */
    static Variable perm(double scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (i * 37L % n) * scale;
        return new Variable(Tensor.fromArray(v, shape), false);
    }

    static Variable perm(int... shape) {
        return perm(1, shape);
    }

    private static void assertValues(double[] expected, int[] shape, Variable actual, String what) {
        assertArrayEquals(shape, actual.data().dims(), what + ": shape");
        assertEquals(DType.FLOAT64, actual.data().dtype(), what + ": dtype");
        assertArrayEquals(expected, actual.data().toDoubleArray(), 1e-6, what);
    }

    @Test
    void poolingOptionsMatchPyTorch() {
        // maxCeil: shape [1, 1, 4, 3]
        double[] maxCeil = {5.0, 19.0, 28.0, 15.0, 29.0, 26.0, 25.0, 29.0, 23.0, 25.0, 9.0, 23.0};
        // avgCeil: shape [1, 1, 4, 3]
        double[] avgCeil = {0.8333333, 8.6666667, 13.0, 5.0, 20.5, 9.5, 10.0, 15.5, 14.5, 6.25, 2.75, 9.75};
        // avgCeilNoPad: shape [1, 1, 4, 3]
        double[] avgCeilNoPad = {2.5, 13.0, 19.5, 10.0, 20.5, 9.5, 20.0, 15.5, 14.5, 25.0, 5.5, 19.5};
        // avgNoPad: shape [1, 1, 3, 3]
        double[] avgNoPad = {9.5, 15.0, 14.0, 12.5, 14.6666667, 15.3333333, 15.5, 16.0, 15.0};
        // avgCeilDrop: shape [1, 1, 3, 3]
        double[] avgCeilDrop = {0.0, 9.0, 8.5, 7.5, 14.25, 13.25, 5.0, 9.25, 8.25};
        // max1dDilatedCeil: shape [1, 2, 5]
        double[] max1dDilatedCeil = {17.0, 17.0, 19.0, 19.0, 19.0, 7.0, 15.0, 15.0, 15.0, 9.0};
        // avg1dCeilNoPad: shape [1, 1, 5]
        double[] avg1dCeilNoPad = {2.5, 4.6666667, 4.0, 3.3333333, 3.0};
        // adaptiveAvg: shape [1, 1, 3, 4]
        double[] adaptiveAvg = {8.0, 11.0, 15.0, 18.0, 17.3333333, 20.3333333, 16.5555556, 15.6666667, 15.0, 18.0, 22.0, 25.0};
        // adaptiveMax: shape [1, 1, 3, 4]
        double[] adaptiveMax = {16.0, 20.0, 24.0, 26.0, 30.0, 34.0, 34.0, 26.0, 23.0, 27.0, 31.0, 33.0};
        // convTransposeGroups: shape [1, 6, 6, 4]
        double[] convTransposeGroups = {0.18, 0.715, 0.833, 0.705, 0.414, 1.76, 1.996, 1.686, 0.246, 1.069, 1.187, 0.993, 0.546, 2.468, 2.704, 2.262, 0.312, 1.423, 1.541, 1.281, 0.354, 1.511, 1.637, 1.331, 0.734, 1.335, 1.477, 1.283, 1.058, 2.572, 2.856, 2.378, 0.836, 1.761, 1.903, 1.607, 1.262, 3.424, 3.708, 3.026, 0.938, 2.187, 2.329, 1.931, 0.98, 2.275, 2.425, 1.981, 1.288, 1.955, 2.121, 1.861, 1.702, 3.384, 3.716, 3.07, 1.426, 2.453, 2.619, 2.221, 1.978, 4.38, 4.712, 3.79, 1.564, 2.951, 3.117, 2.581, 1.606, 3.039, 3.213, 2.631, 3.696, 4.411, 4.529, 2.169, 6.162, 7.652, 7.888, 2.898, 3.978, 4.765, 4.883, 2.241, 6.726, 8.36, 8.596, 3.042, 4.26, 5.119, 5.237, 2.313, 4.374, 5.351, 5.477, 2.435, 4.466, 5.463, 5.605, 2.963, 7.238, 9.328, 9.612, 4.022, 4.784, 5.889, 6.031, 3.071, 7.874, 10.18, 10.464, 4.238, 5.102, 6.315, 6.457, 3.179, 5.216, 6.547, 6.697, 3.301, 5.236, 6.515, 6.681, 3.757, 8.314, 11.004, 11.336, 5.146, 5.59, 7.013, 7.179, 3.901, 9.022, 12.0, 12.332, 5.434, 5.944, 7.511, 7.677, 4.045, 6.058, 7.743, 7.917, 4.167};
        // nearestSize: shape [1, 1, 5, 7]
        double[] nearestSize = {0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0, 7.0, 4.0, 4.0, 5.0, 5.0, 6.0, 6.0, 7.0, 8.0, 8.0, 9.0, 9.0, 10.0, 10.0, 11.0};
        // nearestScale: shape [1, 1, 6, 3]
        double[] nearestScale = {0.0, 17.0, 14.0, 0.0, 17.0, 14.0, 5.0, 2.0, 19.0, 10.0, 7.0, 4.0, 10.0, 7.0, 4.0, 15.0, 12.0, 9.0};
        // nearestThirds: shape [1, 1, 9, 3]
        double[] nearestThirds = {0.0, 7.0, 6.0, 0.0, 7.0, 6.0, 0.0, 7.0, 6.0, 5.0, 12.0, 11.0, 5.0, 12.0, 11.0, 5.0, 12.0, 11.0, 10.0, 2.0, 1.0, 10.0, 2.0, 1.0, 10.0, 2.0, 1.0};
        // bilinearSize: shape [1, 1, 5, 3]
        double[] bilinearSize = {2.3333333, 14.0, 10.6666667, 4.3333333, 10.0, 8.6666667, 7.3333333, 4.0, 5.6666667, 7.3333333, 7.0, 5.6666667, 7.3333333, 9.0, 5.6666667};
        // bilinearScale: shape [1, 1, 4, 9]
        double[] bilinearScale = {0.0, 0.1521739, 0.5869565, 1.0217391, 1.4565217, 1.8913043, 2.326087, 2.7608696, 3.0, 2.0, 2.1521739, 2.5869565, 3.0217391, 3.4565217, 3.8913043, 4.326087, 4.7608696, 5.0, 4.6666667, 4.8188406, 5.2536232, 5.6884058, 6.1231884, 6.557971, 6.9927536, 7.4275362, 7.6666667, 7.3333333, 7.4855072, 7.9202899, 8.3550725, 8.7898551, 9.2246377, 9.6594203, 10.0942029, 10.3333333};
        // bilinearAlign: shape [1, 1, 5, 3]
        double[] bilinearAlign = {0.0, 1.5, 3.0, 2.0, 3.5, 5.0, 4.0, 5.5, 7.0, 6.0, 7.5, 9.0, 8.0, 9.5, 11.0};
        // bilinearRecompute: shape [1, 1, 5, 6]
        double[] bilinearRecompute = {0.0, 0.5, 1.1666667, 1.8333333, 2.5, 3.0, 1.6, 2.1, 2.7666667, 3.4333333, 4.1, 4.6, 4.0, 4.5, 5.1666667, 5.8333333, 6.5, 7.0, 6.4, 6.9, 7.5666667, 8.2333333, 8.9, 9.4, 8.0, 8.5, 9.1666667, 9.8333333, 10.5, 11.0};
        Variable x65 = perm(1, 1, 6, 5);
        PoolOptions ceil = PoolOptions.kernel(3, 2).stride(2).padding(1).ceilMode(true);
        assertValues(maxCeil, new int[] {1, 1, 4, 3}, F.maxPool2d(x65, ceil), "max_pool2d ceil_mode");
        assertValues(avgCeil, new int[] {1, 1, 4, 3}, F.avgPool2d(x65, ceil), "avg_pool2d ceil_mode");
        assertValues(avgCeilNoPad, new int[] {1, 1, 4, 3}, F.avgPool2d(x65, ceil.countIncludePad(false)), "avg_pool2d ceil_mode, count_include_pad=False");
        assertValues(avgNoPad, new int[] {1, 1, 3, 3}, F.avgPool2d(perm(1, 1, 5, 6), PoolOptions.kernel(3).stride(2).padding(1).countIncludePad(false)),
                "avg_pool2d count_include_pad=False");
        assertValues(avgCeilDrop, new int[] {1, 1, 3, 3}, F.avgPool2d(perm(1, 1, 5, 5), PoolOptions.kernel(2).padding(1).ceilMode(true)),
                "avg_pool2d ceil_mode: the window that would start in the right padding is dropped");
        assertValues(max1dDilatedCeil, new int[] {1, 2, 5}, F.maxPool1d(perm(1, 2, 10), PoolOptions.kernel(3).stride(2).padding(1).dilation(2).ceilMode(true)),
                "max_pool1d dilation 2, ceil_mode");
        assertValues(avg1dCeilNoPad, new int[] {1, 1, 5}, F.avgPool1d(perm(1, 1, 8), PoolOptions.kernel(3).stride(2).padding(1).ceilMode(true).countIncludePad(false)),
                "avg_pool1d ceil_mode, count_include_pad=False");
        Variable x57 = perm(1, 1, 5, 7);
        assertValues(adaptiveAvg, new int[] {1, 1, 3, 4}, F.adaptiveAvgPool2d(x57, 3, 4), "adaptive_avg_pool2d");
        assertValues(adaptiveMax, new int[] {1, 1, 3, 4}, F.adaptiveMaxPool2d(x57, 3, 4), "adaptive_max_pool2d");
        ConvOptions groups = ConvOptions.defaults().stride(2, 1).padding(1, 0).outputPadding(1, 0).groups(2);
        assertValues(convTransposeGroups, new int[] {1, 6, 6, 4},
                F.convTranspose2d(perm(0.1, 1, 4, 3, 3), perm(0.01, 4, 3, 3, 2), perm(0.5, 6), groups), "conv_transpose2d groups=2");
        Variable x34 = perm(1, 1, 3, 4);
        assertValues(nearestSize, new int[] {1, 1, 5, 7}, F.interpolate(x34, InterpolateOptions.size(5, 7)), "interpolate nearest size");
        assertValues(nearestScale, new int[] {1, 1, 6, 3}, F.interpolate(perm(1, 1, 4, 5), InterpolateOptions.scaleFactor(1.5, 0.7)), "interpolate nearest scale");
        assertValues(nearestThirds, new int[] {1, 1, 9, 3}, F.interpolate(perm(1, 1, 3, 5), InterpolateOptions.size(9, 3)), "interpolate nearest 3 -> 9, 5 -> 3");
        assertValues(bilinearSize, new int[] {1, 1, 5, 3}, F.interpolate(perm(1, 1, 3, 5), InterpolateOptions.size(5, 3).bilinear()), "interpolate bilinear size");
        assertValues(bilinearScale, new int[] {1, 1, 4, 9}, F.interpolate(x34, InterpolateOptions.scaleFactor(1.5, 2.3).bilinear()), "interpolate bilinear scale");
        assertValues(bilinearAlign, new int[] {1, 1, 5, 3}, F.interpolate(x34, InterpolateOptions.scaleFactor(1.7, 0.8).bilinear().alignCorners(true)),
                "interpolate bilinear align_corners");
        assertValues(bilinearRecompute, new int[] {1, 1, 5, 6}, F.interpolate(x34, InterpolateOptions.scaleFactor(1.7).bilinear().recomputeScaleFactor(true)),
                "interpolate bilinear recompute_scale_factor");
    }

    @Test
    void keepDimAndEvenAdaptiveWindowsAreTheOrdinaryPools() {
        Variable x = perm(2, 3, 4, 6);
        assertArrayEquals(new int[] {2, 3, 1, 1}, F.globalAvgPool2d(x, true).data().dims());
        assertArrayEquals(F.globalAvgPool2d(x).data().toDoubleArray(), F.globalAvgPool2d(x, true).data().toDoubleArray(), 0);
        assertArrayEquals(F.avgPool2d(x, PoolOptions.kernel(2)).data().toDoubleArray(), F.adaptiveAvgPool2d(x, 2, 3).data().toDoubleArray(), 1e-12);
        assertArrayEquals(F.maxPool2d(x, PoolOptions.kernel(2)).data().toDoubleArray(), F.adaptiveMaxPool2d(x, 2, 3).data().toDoubleArray(), 0);
        assertArrayEquals(F.globalAvgPool2d(x, true).data().toDoubleArray(), F.adaptiveAvgPool2d(x, 1, 1).data().toDoubleArray(), 1e-12);
        // ceil mode changes nothing where the windows tile the input exactly
        assertArrayEquals(F.maxPool2d(x, PoolOptions.kernel(2)).data().toDoubleArray(), F.maxPool2d(x, PoolOptions.kernel(2).ceilMode(true)).data().toDoubleArray(), 0);
        // the integer-factor upsamplers are interpolate with an integer scale factor
        assertArrayEquals(F.upsampleNearest2d(x, 2, 3).data().toDoubleArray(), F.interpolate(x, InterpolateOptions.scaleFactor(2, 3)).data().toDoubleArray(), 0);
        assertArrayEquals(F.upsampleBilinear2d(x, 3, 2, true).data().toDoubleArray(),
                F.interpolate(x, InterpolateOptions.scaleFactor(3, 2).bilinear().alignCorners(true)).data().toDoubleArray(), 1e-12);
    }

    @Test
    void ceilModeAndUnpaddedCountsFlowGradientsOnlyToTheInput() {
        Variable x = new Variable(perm(1, 1, 5, 5).data(), true);
        F.avgPool2d(x, PoolOptions.kernel(2).padding(1).ceilMode(true).countIncludePad(false)).sum().backward();
        // every input cell lies in exactly one window, and each window averages its input cells: the window sizes' reciprocals
        double[] expected = {1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.5, 0.25, 0.25, 0.25, 0.25, 0.5, 0.25, 0.25, 0.25, 0.25, 0.5, 0.25, 0.25, 0.25, 0.25};
        assertArrayEquals(expected, x.grad().toDoubleArray(), 1e-12);
    }

    private static void assertFails(String[] fragments, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }

    @Test
    void badArgumentsNameTheOpTheShapesAndWhatWasExpected() {
        Variable image = perm(1, 2, 3, 3), sequence = perm(1, 2, 6);
        assertFails(new String[] {"maxPool2d", "height 3", "kernel 5"}, () -> F.maxPool2d(image, PoolOptions.kernel(5).ceilMode(true)));
        assertFails(new String[] {"avgPool2d", "[N, C, H, W]", "[1, 2, 6]"}, () -> F.avgPool2d(sequence, PoolOptions.kernel(2).countIncludePad(false)));
        assertFails(new String[] {"maxPool1d", "width fields", "2x3"}, () -> F.maxPool1d(sequence, PoolOptions.kernel(2, 3)));
        assertFails(new String[] {"avgPool1d", "[N, C, L]"}, () -> F.avgPool1d(image, PoolOptions.kernel(2)));
        assertFails(new String[] {"adaptiveMaxPool2d", "0x2"}, () -> F.adaptiveMaxPool2d(image, 0, 2));
        assertFails(new String[] {"adaptiveAvgPool2d", "[N, C, H, W]"}, () -> F.adaptiveAvgPool2d(sequence, 2, 2));
        assertFails(new String[] {"interpolate", "alignCorners", "NEAREST"}, () -> F.interpolate(image, InterpolateOptions.size(4).alignCorners(true)));
        assertFails(new String[] {"interpolate", "empty", "0x0", "[1, 2, 3, 3]"}, () -> F.interpolate(image, InterpolateOptions.scaleFactor(0.2)));
        assertFails(new String[] {"interpolate", "[N, C, H, W]"}, () -> F.interpolate(sequence, InterpolateOptions.size(4)));
        assertFails(new String[] {"InterpolateOptions", "recomputeScaleFactor", "4x4"}, () -> InterpolateOptions.size(4).recomputeScaleFactor(true));
        assertFails(new String[] {"InterpolateOptions", "> 0"}, () -> InterpolateOptions.scaleFactor(-1));
        ConvOptions groups = ConvOptions.defaults().groups(2);
        assertFails(new String[] {"convTranspose2d", "groups=2", "[1, 3, 3, 3]", "[Cin, Cout / groups, kH, kW]"},
                () -> F.convTranspose2d(perm(1, 3, 3, 3), perm(3, 2, 2, 2), null, groups));
        assertFails(new String[] {"convTranspose2d", "bias", "[5]", "4 output channels"},
                () -> F.convTranspose2d(perm(1, 2, 3, 3), perm(2, 2, 2, 2), perm(5), groups));
    }
}
