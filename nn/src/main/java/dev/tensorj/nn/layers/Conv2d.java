package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Conv;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Module;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * 2-D convolution layer: input [N, Cin, H, W], weight [Cout, Cin/groups, kH, kW], bias [Cout].
 * PyTorch's default initialisation (Kaiming uniform with a = sqrt(5): U(+-1/sqrt(fanIn)) for weight
 * and bias). {@link #same} gives Keras' padding='same' for odd kernels and stride 1.
 */
public final class Conv2d extends Module {
    private final ConvGeometry geometry;
    private final int groups;
    public final Variable weight;
    public final Variable bias;

    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, ConvGeometry.of(kernel, 1, 0), 1, true, Generator.global());
    }

    public Conv2d(int inChannels, int outChannels, ConvGeometry geometry, int groups, boolean bias, Generator generator) {
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + inChannels + " -> " + outChannels + " are not divisible by groups=" + groups);
        }
        this.geometry = geometry;
        this.groups = groups;
        Tensor w = Tensor.zeros(outChannels, inChannels / groups, geometry.kernelH(), geometry.kernelW());
        this.weight = registerParameter("weight", Init.kaimingUniform(w, Math.sqrt(5), generator));
        double bound = 1 / Math.sqrt(Init.fanIn(w.dims()));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, generator)) : null;
    }

    /** Keras' padding='same' (stride 1, odd kernel): the output keeps the input's height and width. */
    public static Conv2d same(int inChannels, int outChannels, int kernel, Generator generator) {
        if (kernel % 2 == 0) throw new IllegalArgumentException("Conv2d.same: needs an odd kernel, got " + kernel);
        return new Conv2d(inChannels, outChannels, ConvGeometry.of(kernel, 1, kernel / 2), 1, true, generator);
    }

    /** Keras' padding='valid': no padding. */
    public static Conv2d valid(int inChannels, int outChannels, int kernel, int stride, Generator generator) {
        return new Conv2d(inChannels, outChannels, ConvGeometry.of(kernel, stride, 0), 1, true, generator);
    }

    @Override
    public Variable forward(Variable x) {
        return Conv.conv2d(x, weight, bias, geometry, groups);
    }

    @Override
    protected String extraRepr() {
        int[] w = weight.data().dims();
        return w[1] * groups + " -> " + w[0] + ", " + geometry;
    }
}
