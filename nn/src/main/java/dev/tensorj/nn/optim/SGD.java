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

    public SGD(List<Variable> params, double lr) {
        this(params, lr, 0, 0, false, 0);
    }

    public SGD(List<Variable> params, double lr, double momentum, double dampening, boolean nesterov, double weightDecay) {
        super(params, Map.of("lr", lr, "momentum", momentum, "dampening", dampening, "nesterov", nesterov ? 1.0 : 0.0, "weight_decay", weightDecay));
        if (lr < 0) throw new IllegalArgumentException("SGD: lr must be >= 0, got " + lr);
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0");
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
