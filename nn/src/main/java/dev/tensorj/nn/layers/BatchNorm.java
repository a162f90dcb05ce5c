package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Tensor;

/**
 * Batch normalisation over the channel axis 1 (BatchNorm1d for [N, C] or [N, C, L], BatchNorm2d for
 * [N, C, H, W]). Training mode normalises with the batch statistics and updates the running ones:
 * running = (1 - momentum) running + momentum batch, PyTorch's convention (Keras writes running = m running +
 * (1 - m) batch, so PyTorch's default 0.1 is Keras' 0.9, and Keras' default 0.99 is 0.01 here; the running
 * variance uses the unbiased batch variance, as PyTorch). Eval mode uses the running statistics.
 * Buffers: running_mean, running_var, num_batches_tracked (PyTorch's state_dict names).
 */
public final class BatchNorm extends Layer {
    private final int channels;
    private final double eps, momentum;
    /** The per-channel scale gamma, shape [C], initialised to ones; null when not affine. */
    public final Variable weight;
    /** The per-channel shift beta, shape [C], initialised to zeros; null when not affine. */
    public final Variable bias;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, a learnable scale and shift. */
    public BatchNorm(int channels) {
        this(channels, 1e-5, 0.1, true);
    }

    /** {@code eps} is added to the variance before the square root; {@code affine} adds the learnable weight and bias. */
    public BatchNorm(int channels, double eps, double momentum, boolean affine) {
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(channels)) : null;
        registerBuffer("running_mean", Tensor.zeros(channels));
        registerBuffer("running_var", Tensor.ones(channels));
        registerBuffer("num_batches_tracked", Tensor.zeros(dev.tensorj.tensor.DType.INT64));
    }

    @Override
    public Variable forward(Variable x) {
        if (x.data().rank() < 2 || x.data().size(1) != channels) {
            throw new IllegalArgumentException("BatchNorm: expects [N, " + channels + ", ...], got " + x.data().shape());
        }
        Variable y = F.batchNorm(x, buffer("running_mean"), buffer("running_var"), weight, bias, isTraining(), momentum, eps);
        if (isTraining()) buffer("num_batches_tracked").addInPlace(Tensor.scalar(1, dev.tensorj.tensor.DType.INT64));
        return y;
    }

    @Override
    protected String extraRepr() {
        return channels + ", eps=" + eps + ", momentum=" + momentum;
    }
}
