package dev.tensorj.nn.layers;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.init.Init;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * 1-D convolution over sequences in NCL layout ([batch, channels, length]); an embedding output is
 * NLC, so transpose it first ({@code x.transpose(1, 2)}) as PyTorch users do. PyTorch initialisation.
 */
public final class Conv1d extends Layer {
    private final ConvOptions options;
    /** The kernels, shape [Cout, Cin, k], initialised Kaiming uniform with a = sqrt(5) as in PyTorch. */
    public final Variable weight;
    /** The bias, shape [Cout], U(+-1/sqrt(fanIn)); null without bias. */
    public final Variable bias;

    /**
     * {@code nn.Conv1d(inChannels, outChannels, kernel, stride, padding, dilation, bias=bias)}; the generator draws the initial weights.
     */
    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, boolean bias, Generator generator) {
        this.options = ConvOptions.defaults().stride(1, stride).padding(0, padding).dilation(1, dilation);
        Tensor w = Tensor.zeros(outChannels, inChannels, kernel);
        this.weight = registerParameter("weight", Init.kaimingUniform(w, Math.sqrt(5), generator));
        double bound = 1 / Math.sqrt(Init.fanIn(w.dims()));
        this.bias = bias ? registerParameter("bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, generator)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        return F.conv1d(x, weight, bias, options);
    }
}
