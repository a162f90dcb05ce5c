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

    /**
     * Adam's hyper-parameters by name instead of by position (PyTorch's keyword arguments):
     * <pre>  new Adam(params, Adam.Options.defaults().lr(2e-4).betas(0.5, 0.999))</pre>
     * Each setter returns a new record.
     *
     * @param weightDecay          the weight decay: an L2 term added to the gradient, or, with
     *                             {@code decoupledWeightDecay}, AdamW's shrinking of the weights
     * @param decoupledWeightDecay whether the weight decay is AdamW's (decoupled from the gradient)
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay) {
        /** Checks the ranges PyTorch checks. */
        public Options {
            if (lr < 0) throw new IllegalArgumentException("Adam: lr must be >= 0, got " + lr);
            if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
                throw new IllegalArgumentException("Adam: betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (eps < 0) throw new IllegalArgumentException("Adam: eps must be >= 0, got " + eps);
            if (weightDecay < 0) throw new IllegalArgumentException("Adam: weight decay must be >= 0, got " + weightDecay);
        }

        /** PyTorch's defaults: lr 0.001, betas 0.9 / 0.999, eps 1e-8, no weight decay. */
        public static Options defaults() {
            return new Options(0.001, 0.9, 0.999, 1e-8, 0, false);
        }

        /** Keras' defaults: PyTorch's, but eps 1e-7. */
        public static Options keras() {
            return defaults().eps(1e-7);
        }

        /** This with learning rate {@code lr}. */
        public Options lr(double lr) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        /** This with the moving averages' decay rates. */
        public Options betas(double beta1, double beta2) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        /** This with {@code eps}, added to the root of the second moment. */
        public Options eps(double eps) {
            return new Options(lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        }

        /** This with L2 weight decay: {@code weightDecay * p} added to the gradient (PyTorch's Adam). */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, false);
        }

        /** This with decoupled weight decay: {@code p -= lr * weightDecay * p} before the step (AdamW). */
        public Options decoupledWeightDecay(double weightDecay) {
            return new Options(lr, beta1, beta2, eps, weightDecay, true);
        }
    }

    /** PyTorch's defaults ({@link Options#defaults()}). */
    public Adam(List<Variable> params) {
        this(params, Options.defaults());
    }

    /** PyTorch's defaults with learning rate {@code lr}. */
    public Adam(List<Variable> params, double lr) {
        this(params, Options.defaults().lr(lr));
    }

    /** The hyper-parameters by name. */
    public Adam(List<Variable> params, Options options) {
        super(params, Map.of("lr", options.lr(), "beta1", options.beta1(), "beta2", options.beta2(), "eps", options.eps(),
                "weight_decay", options.weightDecay()));
        this.decoupled = options.decoupledWeightDecay();
    }

    /** The positional form: prefer {@link #Adam(List, Options)}, which names the last argument. */
    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        this(params, new Options(lr, beta1, beta2, eps, weightDecay, decoupled));
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
