package dev.tensorj.nn.layers;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** ConvTranspose2d with groups: PyTorch's weight layout [Cin, Cout / groups, kH, kW]. */
class GroupedConvTranspose2dTest {
    @Test
    void groupsSplitTheWeightAndTheChannels() {
        ConvTranspose2d layer = new ConvTranspose2d(4, 6, 3, ConvOptions.defaults().stride(2).padding(1).groups(2), true, new Generator(1));
        assertArrayEquals(new int[] {4, 3, 3, 3}, layer.weight.data().dims());
        Variable y = layer.forward(new Variable(Tensor.randn(new Generator(2), 2, 4, 5, 5), false));
        assertArrayEquals(new int[] {2, 6, 9, 9}, y.data().dims());
        // group 0's output channels do not depend on group 1's input channels
        Tensor x = Tensor.randn(new Generator(3), 1, 4, 5, 5);
        Tensor changed = x.mul(Tensor.fromArray(new float[] {1, 1, 0, 0}, 1, 4, 1, 1));
        Tensor a = layer.forward(new Variable(x, false)).data().slice(1, 0, 3), b = layer.forward(new Variable(changed, false)).data().slice(1, 0, 3);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(4, 5, 3, ConvOptions.defaults().groups(2), false, new Generator(1)));
    }
}
