package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Conv;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Module;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Transposed 2-D convolution (Keras' Conv2DTranspose): weight [Cin, Cout, kH, kW] as in PyTorch.
 * {@link #kerasSame} reproduces Keras' padding='same' output size, input size times stride.
 */
public final class ConvTranspose2d extends Module {
    private final ConvGeometry geometry;
    private final int outputPadding;
    public final Variable weight;
    public final Variable bias;

    public ConvTranspose2d(int inChannels, int outChannels, ConvGeometry geometry, int outputPadding, boolean bias, Generator generator) {
        this.geometry = geometry;
        this.outputPadding = outputPadding;
        Tensor w = Tensor.zeros(inChannels, outChannels, geometry.kernelH(), geometry.kernelW());
        // PyTorch computes the fan-in of a transposed weight from its axis 1 (outChannels * k * k)
        this.weight = registerParameter("weight", Init.kaimingUniform(w, Math.sqrt(5), generator));
        double bound = 1 / Math.sqrt(Init.fanIn(w.dims()));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, generator)) : null;
    }

    /** Keras Conv2DTranspose(kernel, strides, padding='same'): odd kernel, padding k/2, output padding stride - 1. */
    public static ConvTranspose2d kerasSame(int inChannels, int outChannels, int kernel, int stride, boolean bias, Generator generator) {
        if (kernel % 2 == 0) throw new IllegalArgumentException("ConvTranspose2d.kerasSame: needs an odd kernel, got " + kernel);
        return new ConvTranspose2d(inChannels, outChannels, ConvGeometry.of(kernel, stride, kernel / 2), stride - 1, bias, generator);
    }

    @Override
    public Variable forward(Variable x) {
        return Conv.convTranspose2d(x, weight, bias, geometry, outputPadding, outputPadding);
    }
}
