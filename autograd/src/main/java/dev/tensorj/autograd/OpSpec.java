package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.function.Function;

/**
 * One differentiable op in the {@link OpRegistry}: how to call it, sample inputs in its valid range,
 * its derivative (for the docs), whether its backward is itself differentiable, and its tolerances.
 *
 * @param name       the Variable method it checks, with a qualifier for overloads (e.g. "add(scalar)")
 * @param family     the op-family file that defines it
 * @param derivative the derivative in words/math, shown in docs/derivatives.md
 */
public record OpSpec(String name, String family, String derivative, Function<Generator, Tensor[]> sampleInputs,
                     GradCheck.Fn fn, boolean secondOrder, double atol, double rtol) {

    /** The Variable method name this entry covers (the name without its qualifier). */
    public String method() {
        int paren = name.indexOf('(');
        return paren < 0 ? name : name.substring(0, paren);
    }
}
