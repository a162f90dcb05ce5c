package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.OptimizerSteps;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, 2015): moving averages of the gradient (m) and its square (v), corrected for
 * their zero start, scale each step.
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * With {@code decoupled} weight decay this is AdamW (Loshchilov &amp; Hutter): p = p - lr * wd * p
 * before the step, instead of adding wd * p to the gradient. Defaults (PyTorch and Keras agree on
 * lr 0.001, betas 0.9/0.999; eps is 1e-8 in PyTorch, 1e-7 in Keras).
 */
public class Adam extends Optimizer {
    private final boolean decoupled;

    public Adam(List<Variable> params) {
        this(params, 0.001);
    }

    public Adam(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, Map.of("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay));
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        this.decoupled = decoupled;
    }

    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Tensor> state, int step) {
        double lr = group.get("lr"), beta1 = group.get("beta1"), beta2 = group.get("beta2"), weightDecay = group.get("weight_decay");
        Tensor m = state.computeIfAbsent("exp_avg", k -> p.zerosLike());
        Tensor v = state.computeIfAbsent("exp_avg_sq", k -> p.zerosLike());
        double biasCorrection1 = 1 - Math.pow(beta1, step);
        double biasCorrection2 = 1 - Math.pow(beta2, step);
        // the formulas above in one fused pass: p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
        OptimizerSteps.adam(p, grad, m, v, beta1, beta2, lr / biasCorrection1, Math.sqrt(biasCorrection2), group.get("eps"),
                decoupled ? 0 : weightDecay, decoupled ? lr * weightDecay : 0);
    }
}
