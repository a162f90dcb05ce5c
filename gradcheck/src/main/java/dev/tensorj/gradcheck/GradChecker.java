package dev.tensorj.gradcheck;

import dev.tensorj.autograd.GradCheck;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

/**
 * Handed to a {@link GradCheckTest} method: {@link #op} runs the check of this invocation (first or second
 * order) on the op, with the annotation's input shapes, domain, tolerances and seed.
 */
public final class GradChecker {
    private final GradCheckTest spec;
    private final String where;
    private final boolean secondOrder;
    private boolean ran;

    GradChecker(GradCheckTest spec, String where, boolean secondOrder) {
        this.spec = spec;
        this.where = where;
        this.secondOrder = secondOrder;
    }

    /** The sampled float64 inputs, one per shape of the annotation (the same every call: seeded). */
    public Tensor[] inputs() {
        Generator g = new Generator(spec.seed());
        Tensor[] inputs = new Tensor[spec.inputs().length];
        for (int i = 0; i < inputs.length; i++) inputs[i] = spec.domain().sample(g, Shapes.parse(where, spec.inputs()[i]));
        return inputs;
    }

    /** Whether this invocation checks second derivatives. */
    public boolean secondOrder() {
        return secondOrder;
    }

    /**
     * Checks {@code op}, a function of the inputs; throws an AssertionError naming the input, the element,
     * the analytic and numeric values and their error when a gradient is wrong.
     */
    public void op(GradCheck.Fn op) {
        ran = true;
        GradCheck.Options options = GradCheck.Options.defaults().withTolerance(spec.atol(), spec.rtol());
        if (secondOrder) GradCheck.checkSecondOrder(op, options, inputs());
        else GradCheck.check(op, options, inputs());
    }

    boolean ran() {
        return ran;
    }
}
