package dev.tensorj.nn.layers;

import dev.tensorj.autograd.InterpolateOptions;
import dev.tensorj.autograd.PoolOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The layers pass their options through: the values PyTorch 2.13 gives for the same calls (F.avg_pool2d(x, 2, ceil_mode=True), ...). */
class PoolingLayersTest {
    private static final Tensor X = Tensor.arange(25).to(DType.FLOAT32).reshape(1, 1, 5, 5); // 0..24, row-major

    private static float[] run(FunctionLayer layer, Tensor x) {
        return layer.forward(new Variable(x, false)).data().toFloatArray();
    }

    @Test
    void ceilModeAndCountIncludePadReachTheKernel() {
        // 5 x 5, window 2, stride 2, ceil mode: 3 x 3 windows; the last row and column hold one or two cells
        assertArrayEquals(new float[] {6, 8, 9, 16, 18, 19, 21, 23, 24}, run(Pooling.maxPool2d(PoolOptions.kernel(2).ceilMode(true)), X));
        assertArrayEquals(new float[] {3, 5, 6.5f, 13, 15, 16.5f, 20.5f, 22.5f, 24},
                run(Pooling.avgPool2d(PoolOptions.kernel(2).ceilMode(true)), X));
        // padding 1, count_include_pad=False: the corner window [[pad, pad], [pad, 0]] averages only the 0
        float[] exclude = run(Pooling.avgPool2d(PoolOptions.kernel(2).padding(1).countIncludePad(false)), X);
        assertArrayEquals(new float[] {0, 1.5f, 3.5f}, java.util.Arrays.copyOf(exclude, 3));
    }

    @Test
    void adaptiveGlobalAndUpsample() {
        assertArrayEquals(new float[] {12, 14, 22, 24}, run(Pooling.adaptiveMaxPool2d(2, 2), X)); // windows 0..2 and 2..4 per axis
        assertArrayEquals(new int[] {1, 1, 1, 1}, Pooling.globalAvgPool2d(true).forward(new Variable(X, false)).data().dims());
        Tensor two = Tensor.of(new float[][] {{0, 1}, {2, 3}}).reshape(1, 1, 2, 2);
        assertArrayEquals(new float[] {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3},
                run(Pooling.upsample(InterpolateOptions.size(3, 3).bilinear().alignCorners(true)), two));
        assertArrayEquals(new float[] {1, 3, 4}, run(Pooling.maxPool1d(PoolOptions.kernel(2).ceilMode(true)), Tensor.arange(5).to(DType.FLOAT32).reshape(1, 1, 5)));
    }

    @Test
    void anIntegerAverageIsRefusedNotTruncated() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> run(Pooling.avgPool2d(PoolOptions.kernel(2).ceilMode(true)), Tensor.arange(25).reshape(1, 1, 5, 5)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("avgPool2d: expects a floating dtype, got INT64"), e.getMessage());
    }
}
