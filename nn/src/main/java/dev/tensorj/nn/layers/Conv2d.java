package dev.tensorj.nn.layers;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * 2-D convolution layer: input [N, Cin, H, W], weight [Cout, Cin/groups, kH, kW], bias [Cout].
 * PyTorch's default initialisation (Kaiming uniform with a = sqrt(5): U(+-1/sqrt(fanIn)) for weight
 * and bias). {@link #same} gives Keras' padding='same' for odd kernels and stride 1. The forward pass is
 * {@link F#conv2d}.
 */
public final class Conv2d extends Layer {
    private final ConvOptions options;
    /** The kernels, shape [Cout, Cin/groups, k, k], initialised Kaiming uniform with a = sqrt(5) as in PyTorch. */
    public final Variable weight;
    /** The bias, shape [Cout], U(+-1/sqrt(fanIn)); null without bias. */
    public final Variable bias;

    /** A square kernel, stride 1, no padding, with bias, initialised from the global generator ({@code nn.Conv2d(in, out, k)}). */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, ConvOptions.defaults(), true, Generator.global());
    }

    /** A square kernel of {@code kernelSize} with PyTorch's stride, padding, dilation and groups in {@code options}. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, ConvOptions options, boolean bias, Generator generator) {
        int groups = options.groups();
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + inChannels + " -> " + outChannels + " are not divisible by groups=" + groups);
        }
        if (kernelSize < 1) throw new IllegalArgumentException("Conv2d: kernel size must be >= 1, got " + kernelSize);
        this.options = options;
        Tensor w = Tensor.zeros(outChannels, inChannels / groups, kernelSize, kernelSize);
        this.weight = registerParameter("weight", Init.kaimingUniform(w, Math.sqrt(5), generator));
        double bound = 1 / Math.sqrt(Init.fanIn(w.dims()));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, generator)) : null;
    }

    /** Keras' padding='same' (stride 1, odd kernel): the output keeps the input's height and width. */
    public static Conv2d same(int inChannels, int outChannels, int kernel, Generator generator) {
        if (kernel % 2 == 0) throw new IllegalArgumentException("Conv2d.same: needs an odd kernel, got " + kernel);
        return new Conv2d(inChannels, outChannels, kernel, ConvOptions.defaults().padding(kernel / 2), true, generator);
    }

    /** Keras' padding='valid': no padding. */
    public static Conv2d valid(int inChannels, int outChannels, int kernel, int stride, Generator generator) {
        return new Conv2d(inChannels, outChannels, kernel, ConvOptions.defaults().stride(stride), true, generator);
    }

    @Override
    public Variable forward(Variable x) {
        return F.conv2d(x, weight, bias, options);
    }

    @Override
    protected String extraRepr() {
        int[] w = weight.data().dims();
        return w[1] * options.groups() + " -> " + w[0] + ", kernel " + w[2] + "x" + w[3] + ", stride " + options.strideH() + ", padding " + options.padH()
                + (options.dilationH() > 1 ? ", dilation " + options.dilationH() : "") + (options.groups() > 1 ? ", groups " + options.groups() : "");
    }
}
