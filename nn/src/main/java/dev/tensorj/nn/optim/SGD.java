package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay
 * (PyTorch's formulation):
 * <pre>
 *   g = grad + weightDecay * p
 *   b = momentum * b + (1 - dampening) * g        (b = g at the first step)
 *   g = nesterov ? g + momentum * b : b
 *   p = p - lr * g
 * </pre>
 */
public final class SGD extends Optimizer {

    /**
     * SGD's hyper-parameters by name instead of by position (PyTorch's keyword arguments):
     * <pre>  new SGD(params, SGD.Options.lr(0.1).momentum(0.9).nesterov(true))</pre>
     * Each setter returns a new record.
     */
    public record Options(double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        /** Checks the ranges and combinations PyTorch checks. */
        public Options {
            if (lr < 0) throw new IllegalArgumentException("SGD: lr must be >= 0, got " + lr);
            if (momentum < 0) throw new IllegalArgumentException("SGD: momentum must be >= 0, got " + momentum);
            if (weightDecay < 0) throw new IllegalArgumentException("SGD: weight decay must be >= 0, got " + weightDecay);
        }

        /** Plain SGD with learning rate {@code lr}: no momentum, no dampening, no weight decay. */
        public static Options lr(double lr) {
            return new Options(lr, 0, 0, false, 0);
        }

        /** This with momentum (the first step's buffer is the gradient itself, as PyTorch). */
        public Options momentum(double momentum) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        /** This with dampening of the momentum buffer's new gradient. */
        public Options dampening(double dampening) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }

        /** This with Nesterov momentum on or off (on needs momentum &gt; 0 and dampening 0). */
        public Options nesterov(boolean on) {
            return new Options(lr, momentum, dampening, on, weightDecay);
        }

        /** This with L2 weight decay: {@code weightDecay * p} added to the gradient. */
        public Options weightDecay(double weightDecay) {
            return new Options(lr, momentum, dampening, nesterov, weightDecay);
        }
    }

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(List<Variable> params, double lr) {
        this(params, Options.lr(lr));
    }

    /** The hyper-parameters by name. */
    public SGD(List<Variable> params, Options options) {
        super(params, Map.of("lr", options.lr(), "momentum", options.momentum(), "dampening", options.dampening(),
                "nesterov", options.nesterov() ? 1.0 : 0.0, "weight_decay", options.weightDecay()));
        if (options.nesterov() && (options.momentum() <= 0 || options.dampening() != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0");
        }
    }

    /** The positional form: prefer {@link #SGD(List, Options)}, which names the boolean. */
    public SGD(List<Variable> params, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        this(params, new Options(lr, momentum, dampening, nesterov, weightDecay));
    }

    @Override
    protected void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Tensor> state, int step) {
        double momentum = group.get("momentum"), weightDecay = group.get("weight_decay");
        Tensor g = weightDecay != 0 ? grad.add(p.mul(weightDecay)) : grad;
        if (momentum != 0) {
            Tensor buffer = state.get("momentum_buffer");
            if (buffer == null) {
                buffer = g.copy();
                state.put("momentum_buffer", buffer);
            } else {
                buffer.mulInPlace(momentum).addInPlace(g, 1 - group.get("dampening"));
            }
            g = group.get("nesterov") != 0 ? g.add(buffer.mul(momentum)) : buffer;
        }
        p.addInPlace(g, -group.get("lr"));
    }
}
