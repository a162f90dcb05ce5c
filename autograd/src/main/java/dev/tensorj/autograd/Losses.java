package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * The losses of the course, each a composition of differentiable ops, so its gradient comes from theirs
 * (tinygrad's way: nothing to get wrong twice), except PyTorch's clamped binary cross-entropy, which has
 * PyTorch's own backward. The predictions carry the gradient; the targets may too, where PyTorch allows it
 * (every loss here but the class-index ones, {@code crossEntropy} with INT64 labels and {@code nllLoss}):
 * the {@code Variable target} forms. Called through {@link F} ({@code F.mseLoss}, {@code F.crossEntropy}, ...).
 */
final class Losses {
    private static final double INF = Double.POSITIVE_INFINITY;

    private Losses() {
    }

    /** Squared error (y - t)^2, reduced; both y and t may require grad. */
    static Variable mse(Variable y, Variable t, Reduction reduction) {
        checkShapes("mseLoss", y, t);
        return reduction.apply(y.sub(t).square());
    }

    static Variable mse(Variable y, Tensor t, Reduction reduction) {
        return mse(y, target("mseLoss", y, t), reduction);
    }

    /** Absolute error |y - t| (L1), reduced; both y and t may require grad. */
    static Variable l1(Variable y, Variable t, Reduction reduction) {
        checkShapes("l1Loss", y, t);
        return reduction.apply(y.sub(t).abs());
    }

    static Variable l1(Variable y, Tensor t, Reduction reduction) {
        return l1(y, target("l1Loss", y, t), reduction);
    }

    /**
     * Huber loss (PyTorch's huber_loss, Keras' Huber): with d = y - t, 0.5 d^2 where |d| &lt; delta, else
     * delta (|d| - 0.5 delta); quadratic near 0, linear (robust to outliers) beyond delta.
     */
    static Variable huber(Variable y, Variable t, Reduction reduction, double delta) {
        checkShapes("huberLoss", y, t);
        if (!(delta > 0)) throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        Variable d = y.sub(t);
        Tensor inside = d.data().abs().lt(delta);
        return reduction.apply(Variable.where(inside, d.square().mul(0.5), d.abs().sub(0.5 * delta).mul(delta)));
    }

    static Variable huber(Variable y, Tensor t, Reduction reduction, double delta) {
        return huber(y, target("huberLoss", y, t), reduction, delta);
    }

    /**
     * Smooth L1 loss (PyTorch's smooth_l1_loss): 0.5 d^2 / beta where |d| &lt; beta, else |d| - 0.5 beta; that is
     * huber(delta = beta) / beta, and L1 for beta = 0.
     */
    static Variable smoothL1(Variable y, Variable t, Reduction reduction, double beta) {
        if (beta < 0) throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
        if (beta == 0) return l1(y, t, reduction);
        checkShapes("smoothL1Loss", y, t);
        return reduction.apply(huber(y, t, Reduction.NONE, beta).div(beta));
    }

    static Variable smoothL1(Variable y, Tensor t, Reduction reduction, double beta) {
        return smoothL1(y, target("smoothL1Loss", y, t), reduction, beta);
    }

    /**
     * Kullback-Leibler divergence as PyTorch's kl_div: the input holds log-probabilities, the target
     * probabilities, and each element is t (ln t - input), 0 where t = 0. {@link Reduction#MEAN} averages over
     * every element, as PyTorch's 'mean'; the divergence per sample (PyTorch's 'batchmean') is SUM divided by N.
     */
    static Variable klDiv(Variable logQ, Variable t, Reduction reduction) {
        checkShapes("klDiv", logQ, t);
        Tensor positive = t.data().gt(0);
        Variable safeT = Variable.where(positive, t, Variable.constant(t.data().onesLike()));
        Variable pointwise = t.mul(safeT.log().sub(logQ));
        return reduction.apply(Variable.where(positive, pointwise, Variable.constant(pointwise.data().zerosLike())));
    }

    static Variable klDiv(Variable logQ, Tensor t, Reduction reduction) {
        return klDiv(logQ, target("klDiv", logQ, t), reduction);
    }

    /**
     * Binary cross-entropy on probabilities p: -(t log p + (1 - t) log(1 - p)), with log kept finite the
     * PyTorch or the Keras way ({@link BceClamp}). Prefer {@link #bceWithLogits} after a linear layer: it is
     * exact where the sigmoid saturates.
     */
    static Variable bce(Variable p, Variable t, Reduction reduction, BceClamp clamp) {
        checkShapes("binaryCrossEntropy", p, t);
        if (clamp == BceClamp.LOG_TERMS) return reduction.apply(bceClampedLogs(p, t));
        Variable clipped = p.clamp(1e-7, 1 - 1e-7);
        Variable positive = t.mul(clipped.log());
        Variable negative = t.rsub(1).mul(clipped.rsub(1).log());
        return reduction.apply(positive.add(negative).neg());
    }

    static Variable bce(Variable p, Tensor t, Reduction reduction, BceClamp clamp) {
        return bce(p, target("binaryCrossEntropy", p, t), reduction, clamp);
    }

    /** PyTorch's per-element BCE: log terms clamped at -100, and PyTorch's backward (see {@link BceClamp#LOG_TERMS}). */
    private static Variable bceClampedLogs(Variable p, Variable t) {
        Tensor pd = p.data(), td = t.data();
        Tensor logP = pd.log().clamp(-100, INF), logNotP = pd.rsub(1).log().clamp(-100, INF);
        Tensor loss = td.mul(logP).add(td.rsub(1).mul(logNotP)).neg();
        return Node.record("binaryCrossEntropy", loss, (ctx, g) -> {
            Variable pv = ctx.input(0), tv = ctx.input(1);
            Variable dp = ctx.needsGrad(0) ? g.mul(pv.sub(tv)).div(pv.mul(pv.rsub(1)).clamp(1e-12, INF)) : null;
            Variable dt = ctx.needsGrad(1) ? g.mul(pv.rsub(1).log().clamp(-100, INF).sub(pv.log().clamp(-100, INF))) : null;
            return new Variable[] {dp, dt};
        }, p, t);
    }

    /**
     * Binary cross-entropy on logits x, numerically stable:
     * <pre>  BCE(sigmoid(x), t) = max(x, 0) - x t + log(1 + e^(-|x|))</pre>
     * (the same value as -t log s - (1-t) log(1-s) with s = sigmoid(x), rearranged so no exp overflows).
     */
    static Variable bceWithLogits(Variable x, Variable t, Reduction reduction) {
        checkShapes("binaryCrossEntropyWithLogits", x, t);
        Variable softplusOfMinusAbs = x.abs().neg().exp().add(1).log();
        return reduction.apply(x.relu().sub(x.mul(t)).add(softplusOfMinusAbs));
    }

    static Variable bceWithLogits(Variable x, Tensor t, Reduction reduction) {
        return bceWithLogits(x, target("binaryCrossEntropyWithLogits", x, t), reduction);
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
     * Cross-entropy with probability (e.g. one-hot) targets [N, C] (Keras' categorical_crossentropy, PyTorch's
     * cross_entropy with probability targets): from logits, -sum_c t_c log softmax(x)_c per sample.
     */
    static Variable categoricalCrossEntropyFromLogits(Variable logits, Variable t, Reduction reduction) {
        checkShapes("categoricalCrossEntropyFromLogits", logits, t);
        return reduction.apply(logits.logSoftmax(1).mul(t).sum(new int[] {1}, false).neg());
    }

    static Variable categoricalCrossEntropyFromLogits(Variable logits, Tensor t, Reduction reduction) {
        return categoricalCrossEntropyFromLogits(logits, target("categoricalCrossEntropyFromLogits", logits, t), reduction);
    }

    /**
     * The same from probabilities p (after a Softmax layer, as the course's Keras models): p is
     * renormalised and clipped to [1e-7, 1 - 1e-7] like Keras before the log.
     */
    static Variable categoricalCrossEntropy(Variable p, Variable t, Reduction reduction) {
        checkShapes("categoricalCrossEntropy", p, t);
        Variable normalised = p.div(p.sum(new int[] {1}, true));
        return reduction.apply(normalised.clamp(1e-7, 1 - 1e-7).log().mul(t).sum(new int[] {1}, false).neg());
    }

    static Variable categoricalCrossEntropy(Variable p, Tensor t, Reduction reduction) {
        return categoricalCrossEntropy(p, target("categoricalCrossEntropy", p, t), reduction);
    }

    /** The targets as a constant Variable of the predictions' dtype and device, checked for shape. */
    private static Variable target(String op, Variable predictions, Tensor targets) {
        int[] p = predictions.data().dims();
        if (!Arrays.equals(p, targets.dims())) {
            throw new IllegalArgumentException(op + ": predictions " + Arrays.toString(p) + " and targets " + targets.shape() + " differ in shape");
        }
        return new Variable(targets.to(predictions.data().dtype()).to(predictions.data().device()), false);
    }

    /** Predictions and a Variable target must have one shape, floating-point targets and one device. */
    private static void checkShapes(String op, Variable predictions, Variable targets) {
        Tensor p = predictions.data(), t = targets.data();
        if (!Arrays.equals(p.dims(), t.dims())) {
            throw new IllegalArgumentException(op + ": predictions " + p.shape() + " and targets " + t.shape() + " differ in shape");
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": targets must be floating-point, got " + t.dtype() + " (class indices go to crossEntropy or nllLoss)");
        }
        if (!p.device().equals(t.device())) {
            throw new IllegalArgumentException(op + ": predictions are on " + p.device() + " but targets on " + t.device());
        }
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /**
     * This family's ops as gradcheck declarations: each loss against fixed targets, and again (the
     * "(target)" entries) with the targets as a second input, so their gradient is checked too.
     */
    static List<OpSpec> ops() {
        Tensor t34 = Tensor.fromArray(new double[] {0.1, 0.9, 0.5, 0, 1, 0.3, 0.7, 0.2, 0.4, 0.6, 0.8, 1}, 3, 4);
        Tensor labels = Tensor.ofLongs(3, 0, 2);
        Tensor oneHot = labels.oneHot(4).to(DType.FLOAT64);
        Function<Generator, Tensor> probabilities = g -> uniform(g, 0.1, 0.9, 3, 4);
        Function<Generator, Tensor> targets = g -> uniform(g, 0, 1, 3, 4);
        return List.of(
                op("mseLoss", "2 (y - t) / n (composite)", inputs(M34), v -> mse(v[0], t34, Reduction.MEAN)),
                op("mseLoss(target)", "d/dy = 2 (y - t) / n, d/dt = -2 (y - t) / n (composite)", inputs(M34, M34), v -> mse(v[0], v[1], Reduction.MEAN)),
                op("l1Loss", "sign(y - t) / n (composite)", inputs(g -> awayFromZero(g, 3, 4).add(t34)), v -> l1(v[0], t34, Reduction.SUM)),
                op("l1Loss(target)", "d/dy = sign(y - t), d/dt = -sign(y - t) (composite)", inputs(g -> uniform(g, 2, 3, 3, 4), g -> uniform(g, 0, 1, 3, 4)),
                        v -> l1(v[0], v[1], Reduction.SUM)),
                op("huberLoss", "d where |d| < delta, else delta sign(d); d = y - t (composite)", inputs(M34), v -> huber(v[0], t34, Reduction.MEAN, 1)),
                op("huberLoss(target)", "d/dt = -d/dy (composite)", inputs(M34, M34), v -> huber(v[0], v[1], Reduction.SUM, 0.5)),
                op("smoothL1Loss", "d / beta where |d| < beta, else sign(d) (composite)", inputs(M34, M34), v -> smoothL1(v[0], v[1], Reduction.MEAN, 0.8)),
                op("klDiv", "d/dinput = -t, d/dt = ln t + 1 - input, 0 where t = 0 (composite)", inputs(M34, probabilities),
                        v -> klDiv(v[0], v[1], Reduction.SUM)),
                op("binaryCrossEntropy", "PyTorch's: (p - t) / max(p (1 - p), 1e-12) / n", inputs(probabilities),
                        v -> bce(v[0], t34, Reduction.MEAN, BceClamp.LOG_TERMS)),
                op("binaryCrossEntropy(target)", "d/dp = (p - t) / max(p (1 - p), 1e-12), d/dt = max(ln(1 - p), -100) - max(ln p, -100)",
                        inputs(probabilities, targets), v -> bce(v[0], v[1], Reduction.SUM, BceClamp.LOG_TERMS)),
                op("binaryCrossEntropy(Keras clip)", "(p - t) / (p (1 - p)) / n inside the clip (composite)", inputs(probabilities, targets),
                        v -> bce(v[0], v[1], Reduction.MEAN, BceClamp.PROBABILITIES)),
                op("binaryCrossEntropyWithLogits", "(sigmoid(x) - t) / n (composite)", inputs(M34), v -> bceWithLogits(v[0], t34, Reduction.MEAN)),
                op("binaryCrossEntropyWithLogits(target)", "d/dx = sigmoid(x) - t, d/dt = -x (composite)", inputs(M34, targets),
                        v -> bceWithLogits(v[0], v[1], Reduction.SUM)),
                op("crossEntropy", "(softmax(x) - onehot(label)) / N (composite)", inputs(M34), v -> crossEntropy(v[0], labels, Reduction.MEAN)),
                op("crossEntropy(probability target)", "d/dx = softmax(x) sum(t) - t, d/dt = -log softmax(x), / N (composite)", inputs(M34, targets),
                        v -> categoricalCrossEntropyFromLogits(v[0], v[1], Reduction.MEAN)),
                op("nllLoss", "-1 at each label, / N (composite)", inputs(M34), v -> nll(v[0], labels, Reduction.SUM, "nllLoss")),
                op("categoricalCrossEntropy", "from probabilities: -t / p, through the renormalisation (composite)",
                        inputs(probabilities), v -> categoricalCrossEntropy(v[0], oneHot, Reduction.MEAN)),
                op("categoricalCrossEntropy(target)", "d/dt = -log(clip(p / sum(p))) (composite)", inputs(probabilities, targets),
                        v -> categoricalCrossEntropy(v[0], v[1], Reduction.SUM)),
                op("categoricalCrossEntropyFromLogits", "softmax(x) sum(t) - t, / N (composite)", inputs(M34),
                        v -> categoricalCrossEntropyFromLogits(v[0], oneHot, Reduction.MEAN)),
                op("categoricalCrossEntropyFromLogits(target)", "d/dt = -log softmax(x) (composite)", inputs(M34, targets),
                        v -> categoricalCrossEntropyFromLogits(v[0], v[1], Reduction.NONE)));
    }
}
