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
 *   p = p - lr * grad / (sqrt(v) + eps)        PyTorch: eps outside the square root
 *   p = p - lr * grad / sqrt(v + eps)          Keras / TensorFlow: eps inside it
 * </pre>
 * Defaults differ between the frameworks: PyTorch {@code lr=0.01, alpha=0.99, eps=1e-8}, eps outside the
 * root; Keras {@code learning_rate=0.001, rho=0.9, epsilon=1e-7}, eps inside it.
 *
 * <p>The placement is not negligible for small gradients: inside the root, eps acts like an eps of
 * sqrt(eps) outside it, 3.2e-4 for Keras' 1e-7. For a steady gradient g (so v = g^2) the step is
 * lr g / (|g| + eps) with eps outside and lr g / sqrt(g^2 + eps) inside; with eps = 1e-7 that is
 * 0.999 lr against 0.30 lr at g = 1e-4, and 0.91 lr against 0.0032 lr at g = 1e-6 (RMSpropTest
 * computes these). Only for gradients well above 3e-4 do the two agree (0.99999 lr against 0.9995 lr at
 * g = 1e-2). {@link Options#keras()} gives Keras' placement; {@link #keras(List)} keeps Keras' numbers
 * with PyTorch's placement (the fused update the course's MLP uses).
 */
public final class RMSprop extends Optimizer {
    /** Where eps goes in the denominator. */
    public enum EpsPlacement {
        /** {@code sqrt(v) + eps} (PyTorch). */
        OUTSIDE_SQRT,
        /** {@code sqrt(v + eps)} (Keras, TensorFlow). */
        INSIDE_SQRT
    }

    /**
     * RMSprop's hyper-parameters by name:
     * <pre>  new RMSprop(params, RMSprop.Options.keras().lr(1e-4))</pre>
     *
     * @param alpha the decay of the running mean square (Keras' rho)
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, EpsPlacement epsPlacement) {
        /** Checks the ranges PyTorch checks. */
        public Options {
            if (lr < 0) throw new IllegalArgumentException("RMSprop: lr must be >= 0, got " + lr);
            if (alpha < 0 || alpha > 1) throw new IllegalArgumentException("RMSprop: alpha must be in [0, 1], got " + alpha);
            if (eps < 0) throw new IllegalArgumentException("RMSprop: eps must be >= 0, got " + eps);
            if (epsPlacement == null) throw new IllegalArgumentException("RMSprop: epsPlacement must not be null");
        }

        /** PyTorch's defaults: lr 0.01, alpha 0.99, eps 1e-8 outside the root. */
        public static Options defaults() {
            return new Options(0.01, 0.99, 1e-8, 0, EpsPlacement.OUTSIDE_SQRT);
        }

        /** Keras' defaults: lr 0.001, rho 0.9, epsilon 1e-7 inside the root. */
        public static Options keras() {
            return new Options(0.001, 0.9, 1e-7, 0, EpsPlacement.INSIDE_SQRT);
        }

        /** This with learning rate {@code lr}. */
        public Options lr(double lr) {
            return new Options(lr, alpha, eps, weightDecay, epsPlacement);
        }

        /** This with the running mean square's decay (Keras' rho). */
        public Options alpha(double alpha) {
            return new Options(lr, alpha, eps, weightDecay, epsPlacement);
        }

        /** This with {@code eps} (where it goes: {@link #epsPlacement}). */
        public Options eps(double eps) {
            return new Options(lr, alpha, eps, weightDecay, epsPlacement);
        }

        /** This with L2 weight decay: {@code weightDecay * p} added to the gradient. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, alpha, eps, weightDecay, epsPlacement);
        }

        /** This with eps outside (PyTorch) or inside (Keras) the square root. */
        public Options epsPlacement(EpsPlacement placement) {
            return new Options(lr, alpha, eps, weightDecay, placement);
        }
    }

    private final EpsPlacement epsPlacement;

    /** PyTorch defaults. */
    public RMSprop(List<Variable> params) {
        this(params, Options.defaults());
    }

    /** PyTorch's eps placement with these numbers. */
    public RMSprop(List<Variable> params, double lr, double alpha, double eps, double weightDecay) {
        this(params, new Options(lr, alpha, eps, weightDecay, EpsPlacement.OUTSIDE_SQRT));
    }

    /** The hyper-parameters by name. */
    public RMSprop(List<Variable> params, Options options) {
        super(params, Map.of("lr", options.lr(), "alpha", options.alpha(), "eps", options.eps(), "weight_decay", options.weightDecay()));
        this.epsPlacement = options.epsPlacement();
    }

    /**
     * Keras' numbers (lr 0.001, rho 0.9, epsilon 1e-7) with PyTorch's eps placement, the fused update; see
     * the class comment for when the placement matters, and {@link Options#keras()} for Keras' own.
     */
    public static RMSprop keras(List<Variable> params) {
        return new RMSprop(params, 0.001, 0.9, 1e-7, 0);
    }

    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Tensor> state, int step) {
        Tensor squareAverage = state.computeIfAbsent("square_avg", k -> p.zerosLike());
        double alpha = group.get("alpha"), lr = group.get("lr"), eps = group.get("eps"), weightDecay = group.get("weight_decay");
        if (epsPlacement == EpsPlacement.OUTSIDE_SQRT) {
            // v = alpha v + (1 - alpha) g^2; p -= lr g / (sqrt(v) + eps), in one fused pass
            OptimizerSteps.rmsprop(p, grad, squareAverage, alpha, lr, eps, weightDecay);
            return;
        }
        Tensor g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
        squareAverage.mulInPlace(alpha).addInPlace(g.mul(g), 1 - alpha);
        p.addInPlace(g.div(squareAverage.add(eps).sqrt()), -lr);
    }
}
