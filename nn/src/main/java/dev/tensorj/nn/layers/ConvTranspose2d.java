package dev.tensorj.nn.layers;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Transposed 2-D convolution (Keras' Conv2DTranspose): weight [Cin, Cout / groups, kH, kW] as in PyTorch.
 * {@link #kerasSame} reproduces Keras' padding='same' output size, input size times stride.
 */
public final class ConvTranspose2d extends Layer {
    private final ConvOptions options;
    /** The kernels, shape [Cin, Cout, k, k] (PyTorch's layout), Kaiming uniform with a = sqrt(5) and the fan-in of axis 1. */
    public final Variable weight;
    /** The bias, shape [Cout], U(+-1/sqrt(fanIn)); null without bias. */
    public final Variable bias;

    /** A square kernel of {@code kernelSize}; stride, padding, dilation and output padding in {@code options}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, ConvOptions options, boolean bias, Generator generator) {
        if (kernelSize < 1) throw new IllegalArgumentException("ConvTranspose2d: kernel size must be >= 1, got " + kernelSize);
        this.options = options;
        if (outChannels % options.groups() != 0) throw new IllegalArgumentException("ConvTranspose2d: " + outChannels + " output channels are not divisible by groups=" + options.groups());
        Tensor w = Tensor.zeros(inChannels, outChannels / options.groups(), kernelSize, kernelSize);
        // PyTorch computes the fan-in of a transposed weight from its axis 1 (outChannels * k * k)
        this.weight = registerParameter("weight", Init.kaimingUniform(w, Math.sqrt(5), generator));
        double bound = 1 / Math.sqrt(Init.fanIn(w.dims()));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, generator)) : null;
    }

    /** Keras Conv2DTranspose(kernel, strides, padding='same'): odd kernel, padding k/2, output padding stride - 1. */
    public static ConvTranspose2d kerasSame(int inChannels, int outChannels, int kernel, int stride, boolean bias, Generator generator) {
        if (kernel % 2 == 0) throw new IllegalArgumentException("ConvTranspose2d.kerasSame: needs an odd kernel, got " + kernel);
        return new ConvTranspose2d(inChannels, outChannels, kernel, ConvOptions.defaults().stride(stride).padding(kernel / 2).outputPadding(stride - 1), bias, generator);
    }

    @Override
    public Variable forward(Variable x) {
        return F.convTranspose2d(x, weight, bias, options);
    }
}
