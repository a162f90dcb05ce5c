package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.OptimizerSteps;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * RMSprop: divide the gradient by a running root-mean-square of recent gradients.
 * <pre>
 *   v = alpha * v + (1 - alpha) * grad^2
 *   p = p - lr * grad / (sqrt(v) + eps)
 * </pre>
 * Defaults differ between the frameworks: PyTorch {@code lr=0.01, alpha=0.99, eps=1e-8}; Keras
 * {@code learning_rate=0.001, rho=0.9, epsilon=1e-7} — use {@link #keras} to get Keras' (the course's
 * MLP uses Keras' RMSprop). (Keras adds eps inside the square root; the difference is negligible.)
 */
public final class RMSprop extends Optimizer {

    /** PyTorch defaults. */
    public RMSprop(List<Variable> params) {
        this(params, 0.01, 0.99, 1e-8, 0);
    }

    public RMSprop(List<Variable> params, double lr, double alpha, double eps, double weightDecay) {
        super(params, Map.of("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay));
    }

    /** Keras' defaults: lr 0.001, rho 0.9, epsilon 1e-7. */
    public static RMSprop keras(List<Variable> params) {
        return new RMSprop(params, 0.001, 0.9, 1e-7, 0);
    }

    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Tensor> state, int step) {
        Tensor squareAverage = state.computeIfAbsent("square_avg", k -> p.zerosLike());
        // v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps), in one fused pass
        OptimizerSteps.rmsprop(p, grad, squareAverage, group.get("alpha"), group.get("lr"), group.get("eps"), group.get("weight_decay"));
    }
}
