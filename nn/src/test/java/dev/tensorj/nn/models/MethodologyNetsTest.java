package dev.tensorj.nn.models;

import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MethodologyNetsTest {

    private static void check(Layer net, long parameters, int... input) {
        assertEquals(parameters, net.parameterCount(), net.getClass().getSimpleName());
        Tensor out = net.forward(Tensor.randn(new Generator(1), input)).data();
        assertArrayEquals(new int[] {input[0], 10}, out.dims());
    }

    @Test
    void theNotebooksNetworksHaveTheirShapesAndSizes() {
        Generator g = new Generator(7);
        check(MethodologyNets.mlp100(g), 784 * 100 + 100 + 100 * 10 + 10, 3, 784);
        check(MethodologyNets.linear(g), 7_850, 3, 784);
        check(MethodologyNets.deep(g), 784 * 60 + 60 + 5 * (60 * 60 + 60) + 60 * 10 + 10, 3, 784);
        check(MethodologyNets.tanhMlp(g), 784 * 50 + 50 + 2 * (50 * 50 + 50) + 50 * 10 + 10, 3, 784);
        // conv 1->16 5x5 (416), conv 16->32 5x5 (12,832), Linear 1568->10 (15,690)
        check(MethodologyNets.cnn(g).eval(), 416 + 12_832 + 15_690, 2, 1, 28, 28);
    }

    @Test
    void theCnnsFirstLayerKeepsTheImageSize() {
        var cnn = MethodologyNets.cnn(new Generator(3));
        Tensor maps = cnn.get(0).forward(Tensor.randn(new Generator(2), 1, 1, 28, 28)).data();
        assertArrayEquals(new int[] {1, 16, 28, 28}, maps.dims(), "5x5 with padding 2 keeps 28x28");
    }
}
