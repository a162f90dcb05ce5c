package dev.tensorj.nn.loss;

import dev.tensorj.autograd.BceClamp;
import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Reduction;

/**
 * The losses of the course as {@link Loss} objects for the training loop (Keras' {@code loss=...},
 * PyTorch's {@code nn.MSELoss()}...). Each is one call of the functional API {@link F}, where the losses
 * are defined as compositions of differentiable ops and gradchecked.
 */
public final class Losses {
    private Losses() {
    }

    /** Mean squared error: mean((y - t)^2). */
    public static Loss mse() {
        return mse(Reduction.MEAN);
    }

    /** Squared error (y - t)^2, reduced as asked (PyTorch's {@code MSELoss(reduction=...)}). */
    public static Loss mse(Reduction reduction) {
        return (y, t) -> F.mseLoss(y, t, reduction);
    }

    /** Mean absolute error (L1): mean(|y - t|). */
    public static Loss mae() {
        return mae(Reduction.MEAN);
    }

    /** Absolute error |y - t|, reduced as asked (PyTorch's {@code L1Loss(reduction=...)}). */
    public static Loss mae(Reduction reduction) {
        return (y, t) -> F.l1Loss(y, t, reduction);
    }

    /** Huber loss with delta 1, averaged (Keras' Huber(), PyTorch's HuberLoss()). */
    public static Loss huber() {
        return huber(1, Reduction.MEAN);
    }

    /** Huber loss: 0.5 d^2 where |d| &lt; delta, else delta (|d| - 0.5 delta), reduced as asked. */
    public static Loss huber(double delta, Reduction reduction) {
        return (y, t) -> F.huberLoss(y, t, reduction, delta);
    }

    /**
     * Binary cross-entropy on probabilities (Keras' BinaryCrossentropy), averaged, with Keras' clip by default:
     * p clipped to [1e-7, 1 - 1e-7] ({@link BceClamp#PROBABILITIES}; PyTorch's {@code F.binary_cross_entropy},
     * {@link F#binaryCrossEntropy}, clamps each log term at -100 instead: pass {@link BceClamp#LOG_TERMS}).
     * Prefer {@link #bceWithLogits} after a linear layer: it is exact where the sigmoid saturates.
     */
    public static Loss bce() {
        return bce(Reduction.MEAN);
    }

    /** Binary cross-entropy on probabilities with Keras' clip ({@link BceClamp#PROBABILITIES}), reduced as asked. */
    public static Loss bce(Reduction reduction) {
        return bce(reduction, BceClamp.PROBABILITIES);
    }

    /** Binary cross-entropy on probabilities, reduced as asked, log kept finite the Keras or the PyTorch way. */
    public static Loss bce(Reduction reduction, BceClamp clamp) {
        return (p, t) -> F.binaryCrossEntropy(p, t, reduction, clamp);
    }

    /** Binary cross-entropy on logits, numerically stable: max(x, 0) - x t + log(1 + e^(-|x|)). */
    public static Loss bceWithLogits() {
        return bceWithLogits(Reduction.MEAN);
    }

    /** Binary cross-entropy on logits, numerically stable, reduced as asked (PyTorch's {@code BCEWithLogitsLoss}). */
    public static Loss bceWithLogits(Reduction reduction) {
        return (x, t) -> F.binaryCrossEntropyWithLogits(x, t, reduction);
    }

    /**
     * Cross-entropy from logits [N, C] and INT64 class indices [N] (PyTorch's CrossEntropyLoss, Keras'
     * sparse_categorical_crossentropy with from_logits): -log softmax(x)[label], averaged.
     */
    public static Loss crossEntropy() {
        return crossEntropy(Reduction.MEAN);
    }

    /** Cross-entropy from logits [N, C] and INT64 labels [N], reduced as asked ({@code NONE}: one loss per sample, [N]). */
    public static Loss crossEntropy(Reduction reduction) {
        return (logits, labels) -> F.crossEntropy(logits, labels, reduction);
    }

    /** Negative log-likelihood of log-probabilities [N, C] at INT64 labels [N]. */
    public static Loss nll() {
        return nll(Reduction.MEAN);
    }

    /** Negative log-likelihood -x[label] of log-probabilities [N, C] at INT64 labels [N], reduced as asked (PyTorch's NLLLoss). */
    public static Loss nll(Reduction reduction) {
        return (logProbabilities, labels) -> F.nllLoss(logProbabilities, labels, reduction);
    }

    /** Cross-entropy from logits with probability (e.g. one-hot) targets [N, C], averaged. */
    public static Loss categoricalCrossEntropyFromLogits() {
        return categoricalCrossEntropyFromLogits(Reduction.MEAN);
    }

    /** Cross-entropy from logits with probability targets [N, C], reduced as asked. */
    public static Loss categoricalCrossEntropyFromLogits(Reduction reduction) {
        return (logits, t) -> F.categoricalCrossEntropyFromLogits(logits, t, reduction);
    }

    /** The same from probabilities (after a Softmax layer, as the course's Keras models), clipped like Keras, averaged. */
    public static Loss categoricalCrossEntropy() {
        return categoricalCrossEntropy(Reduction.MEAN);
    }

    /** Cross-entropy from probabilities with probability targets, clipped like Keras, reduced as asked. */
    public static Loss categoricalCrossEntropy(Reduction reduction) {
        return (p, t) -> F.categoricalCrossEntropy(p, t, reduction);
    }
}
