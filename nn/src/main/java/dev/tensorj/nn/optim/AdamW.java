package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;

import java.util.List;

/** Adam with decoupled weight decay (PyTorch default weight decay 0.01). See {@link Adam}. */
public final class AdamW extends Adam {
    /** AdamW with learning rate {@code lr}, PyTorch's default weight decay 0.01 and betas (0.9, 0.999), eps 1e-8. */
    public AdamW(List<Variable> params, double lr) {
        this(params, lr, 0.01);
    }

    /** AdamW with learning rate {@code lr}: each step shrinks every parameter p by {@code lr * weightDecay * p}, then takes Adam's. */
    public AdamW(List<Variable> params, double lr, double weightDecay) {
        super(params, Options.defaults().lr(lr).decoupledWeightDecay(weightDecay));
    }
}
