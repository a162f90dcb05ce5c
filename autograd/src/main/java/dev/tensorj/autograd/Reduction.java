package dev.tensorj.autograd;

/** How per-sample losses become the loss: their mean (the default), their sum, or kept as they are. */
public enum Reduction {
    /** The mean over all elements (PyTorch's {@code reduction='mean'}). */
    MEAN,
    /** The sum over all elements ({@code reduction='sum'}). */
    SUM,
    /** No reduction: the per-element losses, of the input's shape ({@code reduction='none'}). */
    NONE;

    /** The per-element losses reduced this way. */
    public Variable apply(Variable perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
