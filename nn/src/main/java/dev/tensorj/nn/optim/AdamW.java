package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;

import java.util.List;

/** Adam with decoupled weight decay (PyTorch default weight decay 0.01). See {@link Adam}. */
public final class AdamW extends Adam {
    public AdamW(List<Variable> params, double lr) {
        this(params, lr, 0.01);
    }

    public AdamW(List<Variable> params, double lr, double weightDecay) {
        super(params, Options.defaults().lr(lr).decoupledWeightDecay(weightDecay));
    }
}
