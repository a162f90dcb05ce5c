package dev.tensorj.autograd;

/**
 * How binary cross-entropy on probabilities keeps {@code log} away from 0, where the two frameworks differ.
 * At p = 0 with target 1 the loss is 100 with {@link #LOG_TERMS} and -ln(1e-7) = 16.118 with
 * {@link #PROBABILITIES}; at p = 1e-50 (float64) likewise 100 and 16.118, where the unclamped value is 115.13.
 *
 * <p>{@link F#binaryCrossEntropy(Variable, dev.tensorj.tensor.Tensor, Reduction)} (PyTorch's name) uses
 * {@link #LOG_TERMS} by default, as PyTorch; {@code nn.loss.Losses.bce()} (Keras' BinaryCrossentropy) uses
 * {@link #PROBABILITIES}, as Keras.
 */
public enum BceClamp {
    /**
     * PyTorch's {@code binary_cross_entropy}: each log term is clamped at -100,
     * {@code -(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100))}; its gradient is PyTorch's
     * {@code (p - t) / max(p (1 - p), 1e-12)} for p and {@code max(ln(1 - p), -100) - max(ln p, -100)} for t.
     */
    LOG_TERMS,
    /**
     * Keras' {@code binary_crossentropy}: p is clipped to [1e-7, 1 - 1e-7] before the logs, so the gradient
     * with respect to p is 0 outside that range.
     */
    PROBABILITIES
}
