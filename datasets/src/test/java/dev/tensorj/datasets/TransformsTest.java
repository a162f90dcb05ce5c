package dev.tensorj.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransformsTest {

    @Test
    void scaleAndNormalize() {
        Tensor x = Tensor.of(0f, 51f, 255f).reshape(3, 1);
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, Transforms.toUnitRange().apply(x).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {-1f, 0.02f, 4.1f}, Transforms.normalize(50, 50).apply(x).toFloatArray(), 1e-6f);
    }

    @Test
    void perChannelNormalizeBroadcastsOverAxisOne() {
        Tensor x = Tensor.fromArray(new float[] {1, 1, 3, 3, 10, 10, 20, 20}, 2, 2, 2); // [N=2, C=2, 2]
        float[] y = Transforms.normalize(new double[] {1, 10}, new double[] {2, 5}).apply(x).toFloatArray();
        assertArrayEquals(new float[] {0, 0, -1.4f, -1.4f, 4.5f, 4.5f, 2, 2}, y, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).apply(x));
    }

    @Test
    void flattenKeepsTheBatchAxisAndOneHotAddsAClassAxis() {
        assertArrayEquals(new int[] {5, 784}, Transforms.flatten().apply(Tensor.zeros(5, 1, 28, 28)).shape().toArray());
        Tensor oneHot = Transforms.oneHot(3).apply(Tensor.ofLongs(2, 0));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0}, oneHot.toFloatArray());
    }
}
