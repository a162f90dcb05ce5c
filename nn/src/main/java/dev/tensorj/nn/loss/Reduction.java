package dev.tensorj.nn.loss;

import dev.tensorj.autograd.Variable;

/** How per-sample losses become the loss: their mean (the default), their sum, or kept as they are. */
public enum Reduction {
    MEAN, SUM, NONE;

    Variable apply(Variable perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
