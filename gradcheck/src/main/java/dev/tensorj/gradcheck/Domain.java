package dev.tensorj.gradcheck;

import dev.tensorj.autograd.Samples;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/** The values a checked op's inputs are drawn from (all float64). */
public enum Domain {
    /** Standard normal: most ops. */
    NORMAL,
    /** Uniform in [0.5, 2]: log, sqrt, pow, division by the input. */
    POSITIVE,
    /** |x| in [0.2, 1.5] with a random sign: ops with a kink or pole at 0 (abs, relu, 1/x). */
    AWAY_FROM_ZERO,
    /** Uniform in [0.1, 0.9]: probabilities (binary cross-entropy on probabilities). */
    PROBABILITY;

    /** A tensor of this domain with the given shape. */
    public Tensor sample(Generator g, int... shape) {
        return switch (this) {
            case NORMAL -> Samples.normal(g, shape);
            case POSITIVE -> Samples.uniform(g, 0.5, 2.0, shape);
            case AWAY_FROM_ZERO -> Samples.awayFromZero(g, shape);
            case PROBABILITY -> Samples.uniform(g, 0.1, 0.9, shape);
        };
    }
}
