package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Shape;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Reductions over a set of axes (all axes when the set is empty). The gradient of a reduction is
 * spread back over the reduced axes: reshape it to the keep-dim shape, then broadcast.
 */
final class Reductions {
    private Reductions() {
    }

    /** d sum(x)/dx_i = 1: every element gets the gradient of the sum it went into. */
    static Variable sum(Variable x, int[] axes, boolean keepDim) {
        int[] inputShape = x.data().dims();
        return record("sum", x.data().sum(axes, keepDim), (ctx, g) -> new Variable[] {spread(g, inputShape, axes)}, x);
    }

    /** d mean(x)/dx_i = 1 / n, with n the number of elements averaged together. */
    static Variable mean(Variable x, int[] axes, boolean keepDim) {
        int[] inputShape = x.data().dims();
        Tensor out = x.data().mean(axes, keepDim);
        int count = x.data().numel() / Math.max(1, out.numel());
        return record("mean", out, (ctx, g) -> new Variable[] {spread(g, inputShape, axes).div(count)}, x);
    }

    /** d max(x)/dx_i = 1 at the maximum (shared equally among ties, as PyTorch's amax), 0 elsewhere. */
    static Variable max(Variable x, int[] axes, boolean keepDim) {
        return extreme("max", x, axes, keepDim, x.data().max(axes, keepDim));
    }

    /** d min(x)/dx_i = 1 at the minimum (shared among ties), 0 elsewhere. */
    static Variable min(Variable x, int[] axes, boolean keepDim) {
        return extreme("min", x, axes, keepDim, x.data().min(axes, keepDim));
    }

    private static Variable extreme(String name, Variable x, int[] axes, boolean keepDim, Tensor out) {
        int[] inputShape = x.data().dims();
        return record(name, out, (ctx, g) -> {
            Tensor xs = ctx.input(0).data();
            Tensor extremum = keepDim ? ctx.output().data() : ctx.output().data().reshape(keptShape(inputShape, axes));
            Tensor hits = xs.eq(extremum);
            Tensor share = hits.div(hits.sum(axes, true));
            return new Variable[] {spread(g, inputShape, axes).mul(new Variable(share, false))};
        }, x);
    }

    /**
     * Variance with divisor n - correction, composed from differentiable ops:
     * sum((x - mean(x))^2) / (n - correction). Its gradient, 2 (x - mean) / (n - correction), comes
     * from the composition.
     */
    static Variable var(Variable x, int[] axes, int correction, boolean keepDim) {
        int n = x.data().numel() / Math.max(1, Shape.numel(keptShape(x.data().dims(), axes)));
        Variable centred = x.sub(x.mean(axes, true));
        return centred.square().sum(axes, keepDim).div(Math.max(0, n - correction));
    }

    /** sqrt of {@link #var}. */
    static Variable std(Variable x, int[] axes, int correction, boolean keepDim) {
        return var(x, axes, correction, keepDim).sqrt();
    }

    /**
     * log sum exp(x) = m + log sum exp(x - m) with m = max(x) held constant (any m gives the same value;
     * the max keeps exp from overflowing). Gradient: softmax(x), from the composition.
     */
    static Variable logsumexp(Variable x, int[] axes, boolean keepDim) {
        Tensor m = x.data().max(axes, true);
        m = Tensor.where(m.abs().eq(Double.POSITIVE_INFINITY), m.zerosLike(), m);
        Variable shift = new Variable(m, false);
        Variable result = x.sub(shift).exp().sum(axes, true).log().add(shift);
        if (keepDim) return result;
        return result.reshape(squeezedShape(x.data().dims(), axes));
    }

    /** The gradient of a reduced output, broadcast back to the input's shape. */
    static Variable spread(Variable g, int[] inputShape, int[] axes) {
        return g.reshape(keptShape(inputShape, axes)).expand(inputShape);
    }

    static int[] keptShape(int[] shape, int[] axes) {
        boolean[] mask = Shape.axisMask("reduce", axes, shape.length);
        int[] kept = shape.clone();
        for (int i = 0; i < kept.length; i++) if (mask[i]) kept[i] = 1;
        return kept;
    }

    private static int[] squeezedShape(int[] shape, int[] axes) {
        boolean[] mask = Shape.axisMask("reduce", axes, shape.length);
        int count = 0;
        for (boolean m : mask) if (!m) count++;
        int[] out = new int[count];
        for (int i = 0, j = 0; i < shape.length; i++) if (!mask[i]) out[j++] = shape[i];
        return out;
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("sum", "1 for every summed element", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].sum(new int[] {0, 2}, false)),
                op("sum(all)", "1 for every element", inputs(M34), v -> v[0].sum()),
                op("mean", "1/n for every averaged element", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].mean(new int[] {1}, true)),
                op("max", "1 at the maximum (shared among ties)", inputs(M34), v -> v[0].max(new int[] {1}, false)),
                op("min", "1 at the minimum (shared among ties)", inputs(M34), v -> v[0].min(new int[] {0}, true)),
                op("var", "2 (x - mean) / (n - correction) (composite)", inputs(M34), v -> v[0].var(new int[] {1}, 1, false)),
                op("std", "(x - mean) / ((n - correction) std) (composite)", inputs(M34), v -> v[0].std(new int[] {1}, 0, true)),
                op("logsumexp", "softmax(x) (composite)", inputs(M34), v -> v[0].logsumexp(new int[] {1}, false)));
    }
}
