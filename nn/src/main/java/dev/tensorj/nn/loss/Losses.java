package dev.tensorj.nn.loss;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;

/**
 * The losses of the course, built from differentiable Variable ops so their gradients come for free
 * (and are gradchecked through those ops). Each has a {@link Loss} factory for the training loop and a
 * direct static form.
 */
public final class Losses {
    private Losses() {
    }

    /** Mean squared error: mean((y - t)^2). */
    public static Loss mse() {
        return mse(Reduction.MEAN);
    }

    public static Loss mse(Reduction reduction) {
        return (y, t) -> reduction.apply(y.sub(target("mse", y, t)).square());
    }

    /** Mean absolute error (L1): mean(|y - t|). */
    public static Loss mae() {
        return (y, t) -> y.sub(target("mae", y, t)).abs().mean();
    }

    /**
     * Binary cross-entropy on probabilities p: -(t log p + (1 - t) log(1 - p)). p is clipped to
     * [1e-7, 1 - 1e-7] as Keras does, so log never sees 0. Prefer {@link #bceWithLogits} after a linear
     * layer: it is exact where the sigmoid saturates.
     */
    public static Loss bce() {
        return bce(Reduction.MEAN);
    }

    public static Loss bce(Reduction reduction) {
        return (p, t) -> {
            Variable target = target("bce", p, t);
            Variable clipped = p.clamp(1e-7, 1 - 1e-7);
            Variable positive = target.mul(clipped.log());
            Variable negative = target.rsub(1).mul(clipped.rsub(1).log());
            return reduction.apply(positive.add(negative).neg());
        };
    }

    /**
     * Binary cross-entropy on logits x, numerically stable:
     * <pre>  BCE(sigmoid(x), t) = max(x, 0) - x t + log(1 + e^(-|x|))</pre>
     * (the same value as -t log s - (1-t) log(1-s) with s = sigmoid(x), rearranged so no exp overflows).
     */
    public static Loss bceWithLogits() {
        return bceWithLogits(Reduction.MEAN);
    }

    public static Loss bceWithLogits(Reduction reduction) {
        return (x, t) -> {
            Variable target = target("bceWithLogits", x, t);
            Variable softplusOfMinusAbs = x.abs().neg().exp().add(1).log();
            return reduction.apply(x.relu().sub(x.mul(target)).add(softplusOfMinusAbs));
        };
    }

    /**
     * Cross-entropy from logits [N, C] and INT64 class indices [N] (PyTorch's CrossEntropyLoss, Keras'
     * sparse_categorical_crossentropy with from_logits): -log softmax(x)[label], averaged.
     */
    public static Loss crossEntropy() {
        return crossEntropy(Reduction.MEAN);
    }

    public static Loss crossEntropy(Reduction reduction) {
        return (logits, labels) -> nll(logits.logSoftmax(1), labels, reduction, "crossEntropy");
    }

    /** Negative log-likelihood of log-probabilities [N, C] at INT64 labels [N]. */
    public static Loss nll() {
        return (logProbabilities, labels) -> nll(logProbabilities, labels, Reduction.MEAN, "nll");
    }

    private static Variable nll(Variable logProbabilities, Tensor labels, Reduction reduction, String op) {
        int[] shape = logProbabilities.data().dims();
        if (shape.length != 2) throw new IllegalArgumentException(op + ": expects scores [N, C], got " + Arrays.toString(shape));
        if (labels.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": expects INT64 class indices, got " + labels.dtype() + "; for one-hot or probability targets use categoricalCrossEntropy");
        }
        if (labels.rank() != 1 || labels.size(0) != shape[0]) {
            throw new IllegalArgumentException(op + ": expects labels [" + shape[0] + "] for scores " + Arrays.toString(shape) + ", got " + labels.shape());
        }
        if (labels.numel() > 0) {
            long lo = labels.min().itemLong(), hi = labels.max().itemLong();
            if (lo < 0 || hi >= shape[1]) {
                throw new IllegalArgumentException(op + ": label " + (lo < 0 ? lo : hi) + " is out of range for " + shape[1] + " classes (expected 0 to " + (shape[1] - 1) + ")");
            }
        }
        Tensor index = labels.to(logProbabilities.data().device()).unsqueeze(1);
        return reduction.apply(logProbabilities.gather(1, index).squeeze(1).neg());
    }

    /**
     * Cross-entropy with probability (e.g. one-hot) targets [N, C] (Keras' categorical_crossentropy):
     * from logits, -sum_c t_c log softmax(x)_c per sample, averaged.
     */
    public static Loss categoricalCrossEntropyFromLogits() {
        return (logits, t) -> logits.logSoftmax(1).mul(target("categoricalCrossEntropy", logits, t)).sum(new int[] {1}, false).neg().mean();
    }

    /**
     * The same from probabilities p (after a Softmax layer, as the course's Keras models): p is
     * renormalised and clipped to [1e-7, 1 - 1e-7] like Keras before the log.
     */
    public static Loss categoricalCrossEntropy() {
        return (p, t) -> {
            Variable normalised = p.div(p.sum(new int[] {1}, true));
            return normalised.clamp(1e-7, 1 - 1e-7).log().mul(target("categoricalCrossEntropy", p, t)).sum(new int[] {1}, false).neg().mean();
        };
    }

    /** The targets as a constant Variable of the predictions' dtype, checked for shape. */
    private static Variable target(String op, Variable predictions, Tensor targets) {
        int[] p = predictions.data().dims();
        if (!Arrays.equals(p, targets.dims())) {
            throw new IllegalArgumentException(op + ": predictions " + Arrays.toString(p) + " and targets " + targets.shape() + " differ in shape");
        }
        return new Variable(targets.to(predictions.data().dtype()).to(predictions.data().device()), false);
    }
}
