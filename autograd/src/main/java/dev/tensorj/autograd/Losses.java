package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * The losses of the course, each a composition of differentiable ops, so its gradient comes from theirs
 * (tinygrad's way: nothing to get wrong twice). The predictions carry the gradient; the targets are
 * plain tensors. Called through {@link F} ({@code F.mseLoss}, {@code F.crossEntropy}, ...).
 */
final class Losses {
    private Losses() {
    }

    /** Squared error (y - t)^2, reduced. */
    static Variable mse(Variable y, Tensor t, Reduction reduction) {
        return reduction.apply(y.sub(target("mseLoss", y, t)).square());
    }

    /** Absolute error |y - t| (L1), reduced. */
    static Variable l1(Variable y, Tensor t, Reduction reduction) {
        return reduction.apply(y.sub(target("l1Loss", y, t)).abs());
    }

    /**
     * Binary cross-entropy on probabilities p: -(t log p + (1 - t) log(1 - p)). p is clipped to
     * [1e-7, 1 - 1e-7] as Keras does, so log never sees 0. Prefer {@link #bceWithLogits} after a linear
     * layer: it is exact where the sigmoid saturates.
     */
    static Variable bce(Variable p, Tensor t, Reduction reduction) {
        Variable target = target("binaryCrossEntropy", p, t);
        Variable clipped = p.clamp(1e-7, 1 - 1e-7);
        Variable positive = target.mul(clipped.log());
        Variable negative = target.rsub(1).mul(clipped.rsub(1).log());
        return reduction.apply(positive.add(negative).neg());
    }

    /**
     * Binary cross-entropy on logits x, numerically stable:
     * <pre>  BCE(sigmoid(x), t) = max(x, 0) - x t + log(1 + e^(-|x|))</pre>
     * (the same value as -t log s - (1-t) log(1-s) with s = sigmoid(x), rearranged so no exp overflows).
     */
    static Variable bceWithLogits(Variable x, Tensor t, Reduction reduction) {
        Variable target = target("binaryCrossEntropyWithLogits", x, t);
        Variable softplusOfMinusAbs = x.abs().neg().exp().add(1).log();
        return reduction.apply(x.relu().sub(x.mul(target)).add(softplusOfMinusAbs));
    }

    /**
     * Cross-entropy from logits [N, C] and INT64 class indices [N] (PyTorch's cross_entropy, Keras'
     * sparse_categorical_crossentropy with from_logits): -log softmax(x)[label].
     */
    static Variable crossEntropy(Variable logits, Tensor labels, Reduction reduction) {
        return nll(logits.logSoftmax(1), labels, reduction, "crossEntropy");
    }

    /** Negative log-likelihood of log-probabilities [N, C] at INT64 labels [N]. */
    static Variable nll(Variable logProbabilities, Tensor labels, Reduction reduction, String op) {
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
     * from logits, -sum_c t_c log softmax(x)_c per sample.
     */
    static Variable categoricalCrossEntropyFromLogits(Variable logits, Tensor t, Reduction reduction) {
        return reduction.apply(logits.logSoftmax(1).mul(target("categoricalCrossEntropy", logits, t)).sum(new int[] {1}, false).neg());
    }

    /**
     * The same from probabilities p (after a Softmax layer, as the course's Keras models): p is
     * renormalised and clipped to [1e-7, 1 - 1e-7] like Keras before the log.
     */
    static Variable categoricalCrossEntropy(Variable p, Tensor t, Reduction reduction) {
        Variable normalised = p.div(p.sum(new int[] {1}, true));
        return reduction.apply(normalised.clamp(1e-7, 1 - 1e-7).log().mul(target("categoricalCrossEntropy", p, t)).sum(new int[] {1}, false).neg());
    }

    /** The targets as a constant Variable of the predictions' dtype and device, checked for shape. */
    private static Variable target(String op, Variable predictions, Tensor targets) {
        int[] p = predictions.data().dims();
        if (!Arrays.equals(p, targets.dims())) {
            throw new IllegalArgumentException(op + ": predictions " + Arrays.toString(p) + " and targets " + targets.shape() + " differ in shape");
        }
        return new Variable(targets.to(predictions.data().dtype()).to(predictions.data().device()), false);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations (the targets are fixed tensors, the predictions are checked). */
    static List<OpSpec> ops() {
        Tensor t34 = Tensor.fromArray(new double[] {0.1, 0.9, 0.5, 0, 1, 0.3, 0.7, 0.2, 0.4, 0.6, 0.8, 1}, 3, 4);
        Tensor labels = Tensor.ofLongs(3, 0, 2);
        Tensor oneHot = labels.oneHot(4).to(DType.FLOAT64);
        return List.of(
                op("mseLoss", "2 (y - t) / n (composite)", inputs(M34), v -> mse(v[0], t34, Reduction.MEAN)),
                op("l1Loss", "sign(y - t) / n (composite)", inputs(g -> awayFromZero(g, 3, 4).add(t34)), v -> l1(v[0], t34, Reduction.SUM)),
                op("binaryCrossEntropy", "(p - t) / (p (1 - p)) / n inside the clip (composite)",
                        inputs(g -> uniform(g, 0.1, 0.9, 3, 4)), v -> bce(v[0], t34, Reduction.MEAN)),
                op("binaryCrossEntropyWithLogits", "(sigmoid(x) - t) / n (composite)", inputs(M34), v -> bceWithLogits(v[0], t34, Reduction.MEAN)),
                op("crossEntropy", "(softmax(x) - onehot(label)) / N (composite)", inputs(M34), v -> crossEntropy(v[0], labels, Reduction.MEAN)),
                op("nllLoss", "-1 at each label, / N (composite)", inputs(M34), v -> nll(v[0], labels, Reduction.SUM, "nllLoss")),
                op("categoricalCrossEntropy", "from probabilities: -t / p, through the renormalisation (composite)",
                        inputs(g -> uniform(g, 0.1, 0.9, 3, 4)), v -> categoricalCrossEntropy(v[0], oneHot, Reduction.MEAN)),
                op("categoricalCrossEntropyFromLogits", "softmax(x) sum(t) - t, / N (composite)", inputs(M34),
                        v -> categoricalCrossEntropyFromLogits(v[0], oneHot, Reduction.MEAN)));
    }

}
