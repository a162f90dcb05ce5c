package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.function.Function;

/**
 * The gradcheck declaration of one differentiable op: how to call it, sample inputs in its valid range,
 * its derivative (shown in docs/derivatives.md), whether its backward is itself differentiable, and its
 * tolerances. Each op family file declares its ops beside their code, in a static {@code ops()} method;
 * the {@link OpRegistry} collects them and names their family.
 *
 * @param name       the method it checks, with a qualifier for variants and overloads (e.g. "add(scalar)")
 * @param family     the op-family file that defines it (set by the registry)
 * @param derivative the derivative in words/math, shown in docs/derivatives.md
 */
public record OpSpec(String name, String family, String derivative, Function<Generator, Tensor[]> sampleInputs,
                     GradCheck.Fn fn, boolean secondOrder, double atol, double rtol) {

    /** An op whose backward is itself differentiable: checked to first and second order. */
    public static OpSpec op(String name, String derivative, Function<Generator, Tensor[]> sampleInputs, GradCheck.Fn fn) {
        return new OpSpec(name, null, derivative, sampleInputs, fn, true, 1e-5, 1e-3);
    }

    /** An op with a fused backward that is not itself differentiable: checked to first order. */
    public static OpSpec firstOrderOnly(String name, String derivative, Function<Generator, Tensor[]> sampleInputs, GradCheck.Fn fn) {
        return new OpSpec(name, null, derivative, sampleInputs, fn, false, 1e-5, 1e-3);
    }

    /** This declaration, placed in {@code family}. */
    public OpSpec inFamily(String family) {
        return new OpSpec(name, family, derivative, sampleInputs, fn, secondOrder, atol, rtol);
    }

    /** This declaration with other tolerances. */
    public OpSpec withTolerance(double atol, double rtol) {
        return new OpSpec(name, family, derivative, sampleInputs, fn, secondOrder, atol, rtol);
    }

    /** The method name this entry covers (the name without its qualifier). */
    public String method() {
        int paren = name.indexOf('(');
        return paren < 0 ? name : name.substring(0, paren);
    }
}
