package dev.tensorj.autograd;

/** How per-sample losses become the loss: their mean (the default), their sum, or kept as they are. */
public enum Reduction {
    MEAN, SUM, NONE;

    /** The per-element losses reduced this way. */
    public Variable apply(Variable perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
