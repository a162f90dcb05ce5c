package dev.tensorj.autograd;

import dev.tensorj.tensor.ConvGeometry;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * The functional API, named after PyTorch's {@code torch.nn.functional} (imported there as {@code F}):
 * every differentiable op that is not a method of {@link Variable}, with PyTorch's names and argument
 * order, and option records ({@link ConvOptions}, {@link PoolOptions}, {@link InterpolateOptions}) where PyTorch has keyword
 * arguments. The {@code nn} layers call these; so can a student's own model:
 * <pre>
 *   Variable h = F.relu(F.conv2d(x, w1, b1, ConvOptions.defaults().padding(1)));
 *   Variable y = F.linear(F.maxPool2d(h, 2).flatten(1, 3), w2, b2);
 *   Variable loss = F.crossEntropy(y, labels);
 * </pre>
 * This class only routes: each op is defined, with its backward and its gradcheck declaration, in its
 * family file ({@code Activations}, {@code MatMul}, {@code Conv}, {@code Pool}, {@code Resize}, {@code Norm},
 * {@code Indexing}, {@code Recurrent}, {@code Losses}); docs/derivatives.md lists them all.
 */
public final class F {
    private F() {
    }

    // ---- activations ----

    /** max(x, 0). */
    public static Variable relu(Variable x) {
        return Activations.relu(x);
    }

    /** x for x &gt; 0, else negativeSlope x (PyTorch's default slope is 0.01, Keras' 0.3; the DCGANs use 0.2). */
    public static Variable leakyRelu(Variable x, double negativeSlope) {
        return Activations.leakyRelu(x, negativeSlope);
    }

    /** x for x &gt; 0, else alpha (e^x - 1). */
    public static Variable elu(Variable x, double alpha) {
        return Activations.elu(x, alpha);
    }

    /** 1 / (1 + e^-x), squashing into (0, 1); its derivative is s (1 - s) with s the output. */
    public static Variable sigmoid(Variable x) {
        return Activations.sigmoid(x);
    }

    /** The hyperbolic tangent, squashing into (-1, 1); its derivative is 1 - tanh(x)^2. */
    public static Variable tanh(Variable x) {
        return Activations.tanh(x);
    }

    /** log(1 + e^(beta x)) / beta, a smooth ReLU (PyTorch's default beta is 1). */
    public static Variable softplus(Variable x, double beta) {
        return Activations.softplus(x, beta);
    }

    /** x clamped to [minValue, maxValue] (PyTorch's defaults: -1, 1). */
    public static Variable hardtanh(Variable x, double minValue, double maxValue) {
        return Activations.hardtanh(x, minValue, maxValue);
    }

    /** e^x_i / sum_j e^x_j along {@code dim} (negative counts from the end), computed without overflow. */
    public static Variable softmax(Variable x, int dim) {
        return Activations.softmax(x, dim);
    }

    /** x_i - log sum_j e^x_j along {@code dim}: log(softmax) without its underflow, the input of {@link #nllLoss}. */
    public static Variable logSoftmax(Variable x, int dim) {
        return Activations.logSoftmax(x, dim);
    }

    // ---- linear and convolution ----

    /** x W^T + b for x [..., in], W [out, in], b [out] or null. */
    public static Variable linear(Variable x, Variable weight, Variable bias) {
        return MatMul.linear(x, weight, bias);
    }

    /** 2-D convolution with stride 1, no padding. x [N, C, H, W], weight [O, C, kH, kW], bias [O] or null. */
    public static Variable conv2d(Variable x, Variable weight, Variable bias) {
        return conv2d(x, weight, bias, ConvOptions.defaults());
    }

    /** 2-D convolution (cross-correlation, as PyTorch): weight [O, C / groups, kH, kW]. */
    public static Variable conv2d(Variable x, Variable weight, Variable bias, ConvOptions options) {
        requireNoOutputPadding("conv2d", options);
        if (weight.data().rank() != 4) throw new IllegalArgumentException("conv2d: expects weight [Cout, Cin, kH, kW], got " + weight.data().shape());
        ConvGeometry g = options.geometry(weight.data().size(2), weight.data().size(3));
        return Conv.conv2d(x, weight, bias, g, options.groups());
    }

    /** 1-D convolution: x [N, C, L], weight [O, C / groups, k]; the height options of {@code options} must be 1 / 0. */
    public static Variable conv1d(Variable x, Variable weight, Variable bias, ConvOptions options) {
        requireNoOutputPadding("conv1d", options);
        if (options.strideH() != 1 || options.padH() != 0 || options.dilationH() != 1) {
            throw new IllegalArgumentException("conv1d: set stride, padding and dilation with one number (got " + options + ")");
        }
        return Conv.conv1d(x, weight, bias, options.strideW(), options.padW(), options.dilationW(), options.groups());
    }

    /**
     * Transposed 2-D convolution (the adjoint of conv2d, the DCGAN generator's upsampling): x [N, Cin, H, W],
     * weight [Cin, Cout / groups, kH, kW] (PyTorch's layout), output (H - 1) stride - 2 padding + dilation (k - 1)
     * + outputPadding + 1 high.
     */
    public static Variable convTranspose2d(Variable x, Variable weight, Variable bias, ConvOptions options) {
        if (weight.data().rank() != 4) throw new IllegalArgumentException("convTranspose2d: expects weight [Cin, Cout / groups, kH, kW], got " + weight.data().shape());
        ConvGeometry g = options.geometry(weight.data().size(2), weight.data().size(3));
        return Conv.convTranspose2d(x, weight, bias, g, options.outputPadH(), options.outputPadW(), options.groups());
    }

    private static void requireNoOutputPadding(String op, ConvOptions options) {
        if (options.outputPadH() != 0 || options.outputPadW() != 0) {
            throw new IllegalArgumentException(op + ": outputPadding is only for convTranspose2d (got " + options.outputPadH() + "x" + options.outputPadW() + ")");
        }
    }

    // ---- pooling and resizing ----

    /** Max pooling with a square kernel and stride = kernel size. */
    public static Variable maxPool2d(Variable x, int kernelSize) {
        return maxPool2d(x, PoolOptions.kernel(kernelSize));
    }

    /** Max pooling with PyTorch's kernel, stride, padding, dilation and ceil mode. */
    public static Variable maxPool2d(Variable x, PoolOptions options) {
        return Pool.maxPool2d(x, options);
    }

    /** Average pooling with a square kernel and stride = kernel size (padding counts as zeros, PyTorch's default). */
    public static Variable avgPool2d(Variable x, int kernelSize) {
        return avgPool2d(x, PoolOptions.kernel(kernelSize));
    }

    /** Average pooling with PyTorch's kernel, stride, padding, ceil mode and count_include_pad. */
    public static Variable avgPool2d(Variable x, PoolOptions options) {
        return Pool.avgPool2d(x, options);
    }

    /** Max pooling along L of x [N, C, L]. */
    public static Variable maxPool1d(Variable x, int kernelSize, int stride, int padding) {
        return Pool.maxPool1d(x, kernelSize, stride, padding);
    }

    /** Max pooling along L of x [N, C, L] with the width fields of {@code options} (kernel, stride, padding, dilation, ceil mode). */
    public static Variable maxPool1d(Variable x, PoolOptions options) {
        return Pool.maxPool1d(x, options);
    }

    /** Average pooling along L of x [N, C, L] with the width fields of {@code options}. */
    public static Variable avgPool1d(Variable x, PoolOptions options) {
        return Pool.avgPool1d(x, options);
    }

    /**
     * PyTorch's {@code adaptive_avg_pool2d}: [N, C, H, W] to [N, C, outH, outW], output cell (i, j) the mean of
     * rows floor(i H / outH) .. ceil((i + 1) H / outH) - 1 and the matching columns.
     */
    public static Variable adaptiveAvgPool2d(Variable x, int outH, int outW) {
        return Resize.adaptiveAvgPool2d(x, outH, outW);
    }

    /** PyTorch's {@code adaptive_max_pool2d} (values only), with the windows of {@link #adaptiveAvgPool2d}. */
    public static Variable adaptiveMaxPool2d(Variable x, int outH, int outW) {
        return Resize.adaptiveMaxPool2d(x, outH, outW);
    }

    /** The mean of each channel's image: [N, C, H, W] to [N, C] (Keras' GlobalAveragePooling2D). */
    public static Variable globalAvgPool2d(Variable x) {
        return Pool.globalAvgPool2d(x);
    }

    /** The mean of each channel's image, kept as [N, C, 1, 1] with keepDim (PyTorch's adaptive_avg_pool2d(x, 1)). */
    public static Variable globalAvgPool2d(Variable x, boolean keepDim) {
        return Pool.globalAvgPool2d(x, keepDim);
    }

    /** The largest value of each channel: [N, C, L] to [N, C] (Keras' GlobalMaxPooling1D). */
    public static Variable globalMaxPool1d(Variable x) {
        return Pool.globalMaxPool1d(x);
    }

    /** Nearest-neighbour upsampling by integer factors (Keras' UpSampling2D). */
    public static Variable upsampleNearest2d(Variable x, int scaleH, int scaleW) {
        return Pool.upsampleNearest2d(x, scaleH, scaleW);
    }

    /** Bilinear upsampling by integer factors. */
    public static Variable upsampleBilinear2d(Variable x, int scaleH, int scaleW, boolean alignCorners) {
        return Pool.upsampleBilinear2d(x, scaleH, scaleW, alignCorners);
    }

    /**
     * PyTorch's {@code F.interpolate} for images [N, C, H, W]: nearest or bilinear, to an explicit size or by
     * any (non-integer) scale factor, with PyTorch's source-index rules, e.g.
     * {@code F.interpolate(x, InterpolateOptions.size(32, 48).bilinear().alignCorners(true))}.
     */
    public static Variable interpolate(Variable x, InterpolateOptions options) {
        return Resize.interpolate(x, options);
    }

    // ---- normalisation and regularisation ----

    /**
     * Batch normalisation over every axis but axis 1, as PyTorch's {@code F.batch_norm}: in training, the
     * batch statistics normalise x and the running statistics move towards them (unbiased variance) by
     * {@code momentum}; in evaluation, the running statistics normalise x. weight and bias may be null.
     */
    public static Variable batchNorm(Variable x, Tensor runningMean, Tensor runningVar, Variable weight, Variable bias,
                                     boolean training, double momentum, double eps) {
        return Norm.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /**
     * Zeroes each element with probability p during training and scales the rest by 1 / (1 - p), so the
     * expected value is unchanged (inverted dropout); the identity outside training.
     */
    public static Variable dropout(Variable x, double p, boolean training, Generator generator) {
        return Norm.dropout(x, p, training, generator);
    }

    // ---- embedding and recurrence ----

    /** Rows of {@code weight} [V, D] at the INT64 {@code indices}: [..., D]; rows read at paddingIdx get no gradient (-1: none). */
    public static Variable embedding(Tensor indices, Variable weight, int paddingIdx) {
        return Indexing.embedding(weight, indices, paddingIdx);
    }

    /**
     * A one-layer LSTM over x [T, B, I] from (h0, c0) [B, H], PyTorch's gate order (i, f, g, o) and weight
     * shapes (W_ih [4H, I], W_hh [4H, H]); biases may be null. Backpropagation through time is fused.
     */
    public static Recurrent.Sequence lstm(Variable x, Variable h0, Variable c0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        return Recurrent.lstm(x, h0, c0, wIh, wHh, bIh, bHh);
    }

    /**
     * A one-layer GRU over x [T, B, I] from h0 [B, H], PyTorch's gate order (r, z, n) and weight shapes
     * (W_ih [3H, I], W_hh [3H, H]); biases may be null. One fused node; the result's c is null.
     */
    public static Recurrent.Sequence gru(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        return Recurrent.gru(x, h0, wIh, wHh, bIh, bHh);
    }

    /** A one-layer Elman RNN (tanh, or relu) over x [T, B, I] from h0 [B, H]; W_ih [H, I], W_hh [H, H]. One fused node; c is null. */
    public static Recurrent.Sequence rnn(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        return Recurrent.rnn(x, h0, wIh, wHh, bIh, bHh, relu);
    }

    /** One GRU step (PyTorch's equations and gate order r, z, n). */
    public static Variable gruCell(Variable x, Variable h, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        return Recurrent.gruCell(x, h, wIh, wHh, bIh, bHh);
    }

    /** One Elman RNN step: tanh (or relu) of x W_ih^T + b_ih + h W_hh^T + b_hh. */
    public static Variable rnnCell(Variable x, Variable h, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        return Recurrent.rnnCell(x, h, wIh, wHh, bIh, bHh, relu);
    }

    // ---- losses: predictions carry the gradient; a Variable target may too (PyTorch allows it where the target is not class indices) ----

    /** Mean squared error, mean((input - target)^2). */
    public static Variable mseLoss(Variable input, Tensor target) {
        return Losses.mse(input, target, Reduction.MEAN);
    }

    /** Squared error, reduced as asked. */
    public static Variable mseLoss(Variable input, Tensor target, Reduction reduction) {
        return Losses.mse(input, target, reduction);
    }

    /** Mean squared error with a target that may require grad (d/dt = -d/dinput). */
    public static Variable mseLoss(Variable input, Variable target) {
        return Losses.mse(input, target, Reduction.MEAN);
    }

    /** Squared error with a target that may require grad, reduced as asked. */
    public static Variable mseLoss(Variable input, Variable target, Reduction reduction) {
        return Losses.mse(input, target, reduction);
    }

    /** Mean absolute error, mean(|input - target|). */
    public static Variable l1Loss(Variable input, Tensor target) {
        return Losses.l1(input, target, Reduction.MEAN);
    }

    /** Absolute error, reduced as asked. */
    public static Variable l1Loss(Variable input, Tensor target, Reduction reduction) {
        return Losses.l1(input, target, reduction);
    }

    /** Mean absolute error with a target that may require grad. */
    public static Variable l1Loss(Variable input, Variable target) {
        return Losses.l1(input, target, Reduction.MEAN);
    }

    /** Absolute error with a target that may require grad, reduced as asked. */
    public static Variable l1Loss(Variable input, Variable target, Reduction reduction) {
        return Losses.l1(input, target, reduction);
    }

    /** Huber loss with delta 1, averaged: 0.5 d^2 where |d| &lt; 1, else |d| - 0.5 (d = input - target). */
    public static Variable huberLoss(Variable input, Tensor target) {
        return Losses.huber(input, target, Reduction.MEAN, 1);
    }

    /** Huber loss: 0.5 d^2 where |d| &lt; delta, else delta (|d| - 0.5 delta) (PyTorch's huber_loss, Keras' Huber). */
    public static Variable huberLoss(Variable input, Tensor target, Reduction reduction, double delta) {
        return Losses.huber(input, target, reduction, delta);
    }

    /** Huber loss with a target that may require grad. */
    public static Variable huberLoss(Variable input, Variable target, Reduction reduction, double delta) {
        return Losses.huber(input, target, reduction, delta);
    }

    /** Smooth L1 loss with beta 1, averaged (PyTorch's smooth_l1_loss). */
    public static Variable smoothL1Loss(Variable input, Tensor target) {
        return Losses.smoothL1(input, target, Reduction.MEAN, 1);
    }

    /** Smooth L1 loss: 0.5 d^2 / beta where |d| &lt; beta, else |d| - 0.5 beta; L1 for beta = 0. */
    public static Variable smoothL1Loss(Variable input, Tensor target, Reduction reduction, double beta) {
        return Losses.smoothL1(input, target, reduction, beta);
    }

    /** Smooth L1 loss with a target that may require grad. */
    public static Variable smoothL1Loss(Variable input, Variable target, Reduction reduction, double beta) {
        return Losses.smoothL1(input, target, reduction, beta);
    }

    /**
     * KL divergence of log-probabilities {@code input} from probabilities {@code target} (PyTorch's kl_div,
     * log_target False): t (ln t - input) per element, 0 where t = 0. MEAN averages over all elements, as
     * PyTorch's 'mean'; for the divergence per sample (PyTorch's 'batchmean') take SUM and divide by N.
     */
    public static Variable klDiv(Variable input, Tensor target, Reduction reduction) {
        return Losses.klDiv(input, target, reduction);
    }

    /** KL divergence with a target that may require grad (d/dt = ln t + 1 - input). */
    public static Variable klDiv(Variable input, Variable target, Reduction reduction) {
        return Losses.klDiv(input, target, reduction);
    }

    /**
     * Binary cross-entropy on probabilities, averaged, with PyTorch's clamp: each log term clamped at -100
     * ({@link BceClamp#LOG_TERMS}, the default of every {@code binaryCrossEntropy} without a {@link BceClamp}).
     */
    public static Variable binaryCrossEntropy(Variable input, Tensor target) {
        return Losses.bce(input, target, Reduction.MEAN, BceClamp.LOG_TERMS);
    }

    /** On probabilities, reduced as asked, with PyTorch's clamp (log terms at -100, {@link BceClamp#LOG_TERMS}). */
    public static Variable binaryCrossEntropy(Variable input, Tensor target, Reduction reduction) {
        return Losses.bce(input, target, reduction, BceClamp.LOG_TERMS);
    }

    /** On probabilities, with PyTorch's ({@link BceClamp#LOG_TERMS}) or Keras' ({@link BceClamp#PROBABILITIES}) way of keeping log finite. */
    public static Variable binaryCrossEntropy(Variable input, Tensor target, Reduction reduction, BceClamp clamp) {
        return Losses.bce(input, target, reduction, clamp);
    }

    /** On probabilities, averaged, PyTorch's clamp, with a target that may require grad. */
    public static Variable binaryCrossEntropy(Variable input, Variable target) {
        return Losses.bce(input, target, Reduction.MEAN, BceClamp.LOG_TERMS);
    }

    /** On probabilities, PyTorch's clamp, with a target that may require grad, reduced as asked. */
    public static Variable binaryCrossEntropy(Variable input, Variable target, Reduction reduction) {
        return Losses.bce(input, target, reduction, BceClamp.LOG_TERMS);
    }

    /** On probabilities, with a target that may require grad, the clamp chosen. */
    public static Variable binaryCrossEntropy(Variable input, Variable target, Reduction reduction, BceClamp clamp) {
        return Losses.bce(input, target, reduction, clamp);
    }

    /** On logits, numerically stable, averaged. */
    public static Variable binaryCrossEntropyWithLogits(Variable input, Tensor target) {
        return Losses.bceWithLogits(input, target, Reduction.MEAN);
    }

    /** On logits, numerically stable. */
    public static Variable binaryCrossEntropyWithLogits(Variable input, Tensor target, Reduction reduction) {
        return Losses.bceWithLogits(input, target, reduction);
    }

    /** On logits, averaged, with a target that may require grad (d/dt = -input). */
    public static Variable binaryCrossEntropyWithLogits(Variable input, Variable target) {
        return Losses.bceWithLogits(input, target, Reduction.MEAN);
    }

    /** On logits, with a target that may require grad, reduced as asked. */
    public static Variable binaryCrossEntropyWithLogits(Variable input, Variable target, Reduction reduction) {
        return Losses.bceWithLogits(input, target, reduction);
    }

    /** From logits [N, C] and INT64 class indices [N], averaged. */
    public static Variable crossEntropy(Variable input, Tensor target) {
        return Losses.crossEntropy(input, target, Reduction.MEAN);
    }

    /** From logits [N, C] and INT64 class indices [N], reduced as asked. */
    public static Variable crossEntropy(Variable input, Tensor target, Reduction reduction) {
        return Losses.crossEntropy(input, target, reduction);
    }

    /**
     * From logits [N, C] and class probabilities [N, C] that may require grad (PyTorch's cross_entropy with
     * probability targets), averaged over N: the same as {@link #categoricalCrossEntropyFromLogits}.
     */
    public static Variable crossEntropy(Variable input, Variable target) {
        return Losses.categoricalCrossEntropyFromLogits(input, target, Reduction.MEAN);
    }

    /** From logits [N, C] and class probabilities [N, C] that may require grad, reduced as asked. */
    public static Variable crossEntropy(Variable input, Variable target, Reduction reduction) {
        return Losses.categoricalCrossEntropyFromLogits(input, target, reduction);
    }

    /** From log-probabilities [N, C] and INT64 class indices [N], averaged. */
    public static Variable nllLoss(Variable input, Tensor target) {
        return Losses.nll(input, target, Reduction.MEAN, "nllLoss");
    }

    /** From log-probabilities [N, C] and INT64 class indices [N]. */
    public static Variable nllLoss(Variable input, Tensor target, Reduction reduction) {
        return Losses.nll(input, target, reduction, "nllLoss");
    }

    /** From probabilities [N, C] and probability (e.g. one-hot) targets [N, C] (Keras' categorical_crossentropy), averaged. */
    public static Variable categoricalCrossEntropy(Variable input, Tensor target) {
        return Losses.categoricalCrossEntropy(input, target, Reduction.MEAN);
    }

    /** From probabilities [N, C] and probability (e.g. one-hot) targets [N, C] (Keras' categorical_crossentropy). */
    public static Variable categoricalCrossEntropy(Variable input, Tensor target, Reduction reduction) {
        return Losses.categoricalCrossEntropy(input, target, reduction);
    }

    /** From probabilities [N, C] and probability targets [N, C] that may require grad. */
    public static Variable categoricalCrossEntropy(Variable input, Variable target, Reduction reduction) {
        return Losses.categoricalCrossEntropy(input, target, reduction);
    }

    /** From logits [N, C] and probability targets [N, C], averaged. */
    public static Variable categoricalCrossEntropyFromLogits(Variable input, Tensor target) {
        return Losses.categoricalCrossEntropyFromLogits(input, target, Reduction.MEAN);
    }

    /** From logits [N, C] and probability targets [N, C]. */
    public static Variable categoricalCrossEntropyFromLogits(Variable input, Tensor target, Reduction reduction) {
        return Losses.categoricalCrossEntropyFromLogits(input, target, reduction);
    }

    /** From logits [N, C] and probability targets [N, C] that may require grad. */
    public static Variable categoricalCrossEntropyFromLogits(Variable input, Variable target, Reduction reduction) {
        return Losses.categoricalCrossEntropyFromLogits(input, target, reduction);
    }
}
