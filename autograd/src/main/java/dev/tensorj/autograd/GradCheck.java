package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks analytic gradients against numerical ones, in float64. For inputs x and a fixed random
 * weighting R of the output, L(x) = sum(f(x) * R); each element's analytic dL/dx_i (from backward)
 * must match the central difference (L(x + eps e_i) - L(x - eps e_i)) / (2 eps) within
 * {@code atol + rtol * |numeric|}. Inputs with many elements are checked along random directions d
 * instead: grad . d against (L(x + eps d) - L(x - eps d)) / (2 eps).
 *
 * <p>Each check also runs automatic variants: every input made non-contiguous (same values, other
 * strides), and every input of leading size &gt; 1 replaced by a broadcast (stride-0) expansion of its
 * first slice. Use it from a test in two lines:
 * <pre>
 *   GradCheck.check(x -&gt; x[0].mul(x[1]).sum(), Tensor.randn(3, 4), Tensor.randn(3, 4));
 * </pre>
 */
public final class GradCheck {
    /** A differentiable function of several inputs. */
    @FunctionalInterface
    public interface Fn {
        /** The function's output (any shape; the check weights it with a random tensor) for the given inputs. */
        Variable apply(Variable... inputs);
    }

    /** Tolerances and limits; the defaults are PyTorch's gradcheck defaults. */
    public record Options(double eps, double atol, double rtol, int maxElementsPerInput, int randomDirections, boolean variants, long seed) {
        /**
         * PyTorch's gradcheck defaults: eps 1e-6, atol 1e-5, rtol 1e-3; up to 256 elements per input checked one by one, else 4 random
         * directions; variants on.
         */
        public static Options defaults() {
            return new Options(1e-6, 1e-5, 1e-3, 256, 4, true, 1234);
        }

        /** These options with other tolerances. */
        public Options withTolerance(double atol, double rtol) {
            return new Options(eps, atol, rtol, maxElementsPerInput, randomDirections, variants, seed);
        }

        /** These options without the non-contiguous and broadcast variants. */
        public Options withoutVariants() {
            return new Options(eps, atol, rtol, maxElementsPerInput, randomDirections, false, seed);
        }
    }

    private GradCheck() {
    }

    /** Checks first derivatives (and the variants); throws an AssertionError with a report on failure. */
    public static void check(Fn fn, Tensor... inputs) {
        check(fn, Options.defaults(), inputs);
    }

    /** Checks first derivatives with the given options; throws an AssertionError with a report on failure. */
    public static void check(Fn fn, Options options, Tensor... inputs) {
        String failure = firstFailure(fn, options, inputs);
        if (failure != null) throw new AssertionError(failure);
    }

    /**
     * Checks second derivatives (gradgradcheck): the first gradients, computed with a recorded graph,
     * are themselves checked as a function of the inputs.
     */
    public static void checkSecondOrder(Fn fn, Tensor... inputs) {
        checkSecondOrder(fn, Options.defaults(), inputs);
    }

    /** Checks second derivatives with the given options (no variants); throws an AssertionError with a report on failure. */
    public static void checkSecondOrder(Fn fn, Options options, Tensor... inputs) {
        check(firstGradientsOf(fn, options.seed()), options.withoutVariants(), inputs);
    }

    /** The report of the first failing check, or null when everything passes. */
    public static String firstFailure(Fn fn, Options options, Tensor... inputs) {
        Tensor[] base = toFloat64(inputs);
        String failure = checkOnce(fn, options, base, "contiguous inputs");
        if (failure != null || !options.variants()) return failure;
        Tensor[] strided = new Tensor[base.length];
        for (int i = 0; i < base.length; i++) strided[i] = nonContiguousCopy(base[i]);
        failure = checkOnce(fn, options, strided, "non-contiguous inputs");
        if (failure != null) return failure;
        for (int i = 0; i < base.length; i++) {
            if (base[i].rank() == 0 || base[i].size(0) < 2) continue;
            Tensor[] small = base.clone();
            small[i] = base[i].narrow(0, 0, 1).copy();
            int which = i;
            int[] fullShape = base[i].dims();
            Fn broadcasting = v -> {
                Variable[] args = v.clone();
                args[which] = v[which].expand(fullShape);
                return fn.apply(args);
            };
            failure = checkOnce(broadcasting, options, small, "input " + i + " broadcast from shape " + small[i].shape() + " (stride 0)");
            if (failure != null) return failure;
        }
        return null;
    }

    private static String checkOnce(Fn fn, Options options, Tensor[] inputs, String variant) {
        Generator random = new Generator(options.seed());
        Variable[] leaves = leaves(inputs);
        Variable out = fn.apply(leaves);
        Tensor weights = Tensor.normal(0, 1, DType.FLOAT64, random, out.data().dims());
        Variable loss = out.mul(new Variable(weights, false)).sum();
        // an output that does not depend on the inputs (e.g. the second derivative of a linear op) has zero gradients
        List<Variable> grads = new ArrayList<>();
        if (loss.requiresGrad()) grads = Autograd.grad(loss, List.of(leaves), null, false);
        else for (Variable leaf : leaves) grads.add(new Variable(leaf.data().zerosLike(), false));

        for (int i = 0; i < inputs.length; i++) {
            Tensor x = inputs[i];
            Tensor analytic = grads.get(i).data().to(DType.FLOAT64);
            if (x.numel() <= options.maxElementsPerInput()) {
                int[] index = new int[x.rank()];
                for (int e = 0; e < x.numel(); e++) {
                    dev.tensorj.tensor.Indexer.unravel(e, x.dims(), index);
                    double original = x.get(index);
                    x.set(original + options.eps(), index);
                    double plus = evaluate(fn, inputs, weights);
                    x.set(original - options.eps(), index);
                    double minus = evaluate(fn, inputs, weights);
                    x.set(original, index);
                    double numeric = (plus - minus) / (2 * options.eps());
                    double a = analytic.get(index);
                    if (!close(a, numeric, options)) return report(variant, i, x, "element " + Arrays.toString(index), a, numeric, options);
                }
            } else {
                for (int d = 0; d < options.randomDirections(); d++) {
                    Tensor direction = Tensor.normal(0, 1, DType.FLOAT64, random, x.dims());
                    direction = direction.div(direction.square().sum().sqrt());
                    Tensor original = x.copy();
                    x.copyFrom(original.add(direction.mul(options.eps())));
                    double plus = evaluate(fn, inputs, weights);
                    x.copyFrom(original.sub(direction.mul(options.eps())));
                    double minus = evaluate(fn, inputs, weights);
                    x.copyFrom(original);
                    double numeric = (plus - minus) / (2 * options.eps());
                    double a = analytic.mul(direction).sum().item();
                    if (!close(a, numeric, options)) return report(variant, i, x, "random direction " + d, a, numeric, options);
                }
            }
        }
        return null;
    }

    private static boolean close(double analytic, double numeric, Options o) {
        return Math.abs(analytic - numeric) <= o.atol() + o.rtol() * Math.abs(numeric);
    }

    private static String report(String variant, int input, Tensor x, String where, double analytic, double numeric, Options o) {
        double abs = Math.abs(analytic - numeric);
        double rel = abs / Math.max(Math.abs(numeric), 1e-300);
        return String.format(Locale.ROOT, "gradcheck failed (%s): input %d of shape %s, %s: analytic %.10g, numeric %.10g, "
                        + "abs error %.3g, rel error %.3g (allowed: atol %.1g + rtol %.1g * |numeric|)",
                variant, input, x.shape(), where, analytic, numeric, abs, rel, o.atol(), o.rtol());
    }

    /** L(inputs) = sum(f(inputs) * weights), computed afresh. */
    private static double evaluate(Fn fn, Tensor[] inputs, Tensor weights) {
        Variable out = fn.apply(leaves(inputs));
        return out.data().to(DType.FLOAT64).mul(weights).sum().item();
    }

    private static Variable[] leaves(Tensor[] inputs) {
        Variable[] v = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) v[i] = new Variable(inputs[i], true);
        return v;
    }

    /** x -> sum_i (dL/dx_i . R_i), with L = sum(f(x) * W) and the gradients recorded as a graph. */
    private static Fn firstGradientsOf(Fn fn, long seed) {
        return v -> {
            Variable out = fn.apply(v);
            Tensor w = Tensor.normal(0, 1, DType.FLOAT64, new Generator(seed + 2), out.data().dims());
            Variable loss = out.mul(new Variable(w, false)).sum();
            List<Variable> grads = Autograd.grad(loss, List.of(v), null, true);
            Variable total = null;
            Generator r = new Generator(seed + 1); // the same weights R at every evaluation
            for (Variable g : grads) {
                Variable term = g.mul(new Variable(Tensor.normal(0, 1, DType.FLOAT64, r, g.data().dims()), false)).sum();
                total = total == null ? term : total.add(term);
            }
            return total;
        };
    }

    private static Tensor[] toFloat64(Tensor[] inputs) {
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].dtype().isFloatingPoint()) throw new IllegalArgumentException("GradCheck: input " + i + " is " + inputs[i].dtype() + "; pass indices through the function, not as inputs");
            out[i] = inputs[i].to(DType.FLOAT64).copy();
        }
        return out;
    }

    /** The same values with other strides: transposed storage for rank &gt;= 2, every other element for rank 1. */
    static Tensor nonContiguousCopy(Tensor x) {
        if (x.rank() >= 2) return x.transpose(-1, -2).contiguous().transpose(-1, -2);
        if (x.rank() == 1) {
            Tensor wide = Tensor.zeros(DType.FLOAT64, Math.max(1, 2 * x.size(0)));
            Tensor strided = wide.slice(0, 0, 2 * x.size(0), 2);
            strided.copyFrom(x);
            return strided;
        }
        return x.copy();
    }
}
