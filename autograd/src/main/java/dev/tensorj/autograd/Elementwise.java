package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Elementwise arithmetic and math, forward and backward side by side. Binary ops broadcast; the
 * engine sums each gradient back to its input's shape, so the rules below are written for equal
 * shapes. {@code g} is dL/d(output).
 */
final class Elementwise {
    private Elementwise() {
    }

    private static Variable constant(Tensor t) {
        return new Variable(t, false);
    }

    /** d(a + b)/da = 1, d(a + b)/db = 1. */
    static Variable add(Variable a, Variable b) {
        return record("add", a.data().add(b.data()), (ctx, g) -> new Variable[] {g, g}, a, b);
    }

    /** d(a - b)/da = 1, d(a - b)/db = -1. */
    static Variable sub(Variable a, Variable b) {
        return record("sub", a.data().sub(b.data()), (ctx, g) -> new Variable[] {g, g.neg()}, a, b);
    }

    /** d(a b)/da = b, d(a b)/db = a. */
    static Variable mul(Variable a, Variable b) {
        return record("mul", a.data().mul(b.data()), (ctx, g) -> new Variable[] {
                ctx.needsGrad(0) ? g.mul(ctx.input(1)) : null,
                ctx.needsGrad(1) ? g.mul(ctx.input(0)) : null}, a, b);
    }

    /** d(a / b)/da = 1 / b, d(a / b)/db = -a / b^2. */
    static Variable div(Variable a, Variable b) {
        return record("div", a.data().div(b.data()), (ctx, g) -> new Variable[] {
                ctx.needsGrad(0) ? g.div(ctx.input(1)) : null,
                ctx.needsGrad(1) ? g.mul(ctx.input(0)).div(ctx.input(1).square()).neg() : null}, a, b);
    }

    /** d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a (for a &gt; 0). */
    static Variable pow(Variable a, Variable b) {
        return record("pow", a.data().pow(b.data()), (ctx, g) -> new Variable[] {
                ctx.needsGrad(0) ? g.mul(ctx.input(1)).mul(ctx.input(0).pow(ctx.input(1).sub(1))) : null,
                ctx.needsGrad(1) ? g.mul(ctx.output()).mul(ctx.input(0).log()) : null}, a, b);
    }

    /** d max(a, b)/da = 1 where a &gt; b, 1/2 where a = b (PyTorch splits ties), 0 elsewhere. */
    static Variable maximum(Variable a, Variable b) {
        return record("maximum", a.data().maximum(b.data()), (ctx, g) -> tieSplit(ctx, g, true), a, b);
    }

    /** d min(a, b)/da = 1 where a &lt; b, 1/2 where a = b, 0 elsewhere. */
    static Variable minimum(Variable a, Variable b) {
        return record("minimum", a.data().minimum(b.data()), (ctx, g) -> tieSplit(ctx, g, false), a, b);
    }

    private static Variable[] tieSplit(Node.Context ctx, Variable g, boolean max) {
        Tensor a = ctx.input(0).data(), b = ctx.input(1).data();
        Tensor aWins = (max ? a.gt(b) : a.lt(b)).add(a.eq(b).mul(0.5));
        Tensor bWins = aWins.rsub(1);
        return new Variable[] {g.mul(constant(aWins)), g.mul(constant(bWins))};
    }

    /** d(x + c)/dx = 1. */
    static Variable addScalar(Variable x, double c) {
        return record("addScalar", x.data().add(c), (ctx, g) -> new Variable[] {g}, x);
    }

    /** d(c x)/dx = c. */
    static Variable mulScalar(Variable x, double c) {
        return record("mulScalar", x.data().mul(c), (ctx, g) -> new Variable[] {g.mul(c)}, x);
    }

    /** d(c - x)/dx = -1. */
    static Variable rsub(Variable x, double c) {
        return record("rsub", x.data().rsub(c), (ctx, g) -> new Variable[] {g.neg()}, x);
    }

    /** d(c / x)/dx = -c / x^2. */
    static Variable rdiv(Variable x, double c) {
        return record("rdiv", x.data().rdiv(c), (ctx, g) -> new Variable[] {g.mul(-c).div(ctx.input(0).square())}, x);
    }

    /** d(x^c)/dx = c x^(c-1). */
    static Variable powScalar(Variable x, double c) {
        return record("powScalar", x.data().pow(c), (ctx, g) -> new Variable[] {g.mul(ctx.input(0).pow(c - 1)).mul(c)}, x);
    }

    /** d(-x)/dx = -1. */
    static Variable neg(Variable x) {
        return record("neg", x.data().neg(), (ctx, g) -> new Variable[] {g.neg()}, x);
    }

    /** d|x|/dx = sign(x) (0 at 0, as PyTorch). */
    static Variable abs(Variable x) {
        return record("abs", x.data().abs(), (ctx, g) -> new Variable[] {g.mul(constant(ctx.input(0).data().sign()))}, x);
    }

    /** d e^x/dx = e^x, the output itself. */
    static Variable exp(Variable x) {
        return record("exp", x.data().exp(), (ctx, g) -> new Variable[] {g.mul(ctx.output())}, x);
    }

    /** d ln x/dx = 1 / x. */
    static Variable log(Variable x) {
        return record("log", x.data().log(), (ctx, g) -> new Variable[] {g.div(ctx.input(0))}, x);
    }

    /** d sqrt(x)/dx = 1 / (2 sqrt(x)). */
    static Variable sqrt(Variable x) {
        return record("sqrt", x.data().sqrt(), (ctx, g) -> new Variable[] {g.div(ctx.output().mul(2))}, x);
    }

    /** d x^(-1/2)/dx = -1/2 x^(-3/2) = -y^3 / 2. */
    static Variable rsqrt(Variable x) {
        return record("rsqrt", x.data().rsqrt(), (ctx, g) -> new Variable[] {g.mul(ctx.output().pow(3)).mul(-0.5)}, x);
    }

    /** d x^2/dx = 2x. */
    static Variable square(Variable x) {
        return record("square", x.data().square(), (ctx, g) -> new Variable[] {g.mul(ctx.input(0)).mul(2)}, x);
    }

    /** d(1/x)/dx = -1/x^2 = -y^2. */
    static Variable reciprocal(Variable x) {
        return record("reciprocal", x.data().reciprocal(), (ctx, g) -> new Variable[] {g.mul(ctx.output().square()).neg()}, x);
    }

    /** d sin x/dx = cos x. */
    static Variable sin(Variable x) {
        return record("sin", x.data().sin(), (ctx, g) -> new Variable[] {g.mul(ctx.input(0).cos())}, x);
    }

    /** d cos x/dx = -sin x. */
    static Variable cos(Variable x) {
        return record("cos", x.data().cos(), (ctx, g) -> new Variable[] {g.mul(ctx.input(0).sin()).neg()}, x);
    }

    /** d clamp(x, lo, hi)/dx = 1 inside [lo, hi], 0 outside. */
    static Variable clamp(Variable x, double min, double max) {
        return record("clamp", x.data().clamp(min, max), (ctx, g) -> {
            Tensor xs = ctx.input(0).data();
            return new Variable[] {g.mul(constant(xs.ge(min).mul(xs.le(max))))};
        }, x);
    }

    /** where(c, a, b): the gradient goes to a where c holds and to b elsewhere. */
    static Variable where(Tensor condition, Variable a, Variable b) {
        Tensor mask = condition.ne(0);
        return record("where", Tensor.where(condition, a.data(), b.data()), (ctx, g) -> new Variable[] {
                g.mul(constant(mask)), g.mul(constant(mask.rsub(1)))}, a, b);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("add", "d(a+b)/da = 1, d(a+b)/db = 1", inputs(M34, ROW4), v -> v[0].add(v[1])),
                op("sub", "d(a-b)/da = 1, d(a-b)/db = -1", inputs(M34, ROW4), v -> v[0].sub(v[1])),
                op("mul", "d(ab)/da = b, d(ab)/db = a", inputs(M34, ROW4), v -> v[0].mul(v[1])),
                op("div", "d(a/b)/da = 1/b, d(a/b)/db = -a/b^2", inputs(M34, g -> awayFromZero(g, 4)), v -> v[0].div(v[1])),
                op("pow", "d(a^b)/da = b a^(b-1), d(a^b)/db = a^b ln a", inputs(POSITIVE34, g -> uniform(g, 0.5, 2, 3, 4)), v -> v[0].pow(v[1])),
                op("maximum", "1 where a > b, 1/2 on ties, else 0", inputs(M34, M34), v -> v[0].maximum(v[1])),
                op("minimum", "1 where a < b, 1/2 on ties, else 0", inputs(M34, M34), v -> v[0].minimum(v[1])),
                op("add(scalar)", "d(x+c)/dx = 1", inputs(M34), v -> v[0].add(2.5)),
                op("sub(scalar)", "d(x-c)/dx = 1", inputs(M34), v -> v[0].sub(2.5)),
                op("mul(scalar)", "d(cx)/dx = c", inputs(M34), v -> v[0].mul(-1.5)),
                op("div(scalar)", "d(x/c)/dx = 1/c", inputs(M34), v -> v[0].div(4)),
                op("rsub", "d(c-x)/dx = -1", inputs(M34), v -> v[0].rsub(1)),
                op("rdiv", "d(c/x)/dx = -c/x^2", inputs(AWAY34), v -> v[0].rdiv(2)),
                op("pow(scalar)", "d(x^c)/dx = c x^(c-1)", inputs(POSITIVE34), v -> v[0].pow(2.5)),
                op("neg", "d(-x)/dx = -1", inputs(M34), v -> v[0].neg()),
                op("abs", "d|x|/dx = sign(x)", inputs(AWAY34), v -> v[0].abs()),
                op("exp", "d e^x/dx = e^x", inputs(M34), v -> v[0].exp()),
                op("log", "d ln x/dx = 1/x", inputs(POSITIVE34), v -> v[0].log()),
                op("sqrt", "d sqrt(x)/dx = 1/(2 sqrt x)", inputs(POSITIVE34), v -> v[0].sqrt()),
                op("rsqrt", "d x^(-1/2)/dx = -x^(-3/2)/2", inputs(POSITIVE34), v -> v[0].rsqrt()),
                op("square", "d x^2/dx = 2x", inputs(M34), v -> v[0].square()),
                op("reciprocal", "d(1/x)/dx = -1/x^2", inputs(AWAY34), v -> v[0].reciprocal()),
                op("sin", "d sin x/dx = cos x", inputs(M34), v -> v[0].sin()),
                op("cos", "d cos x/dx = -sin x", inputs(M34), v -> v[0].cos()),
                op("clamp", "1 inside [min, max], 0 outside", inputs(g -> awayFromZero(g, 3, 4).mul(2)), v -> v[0].clamp(-1, 1)),
                op("where", "g to a where the condition holds, to b elsewhere",
                        inputs(M34, M34), v -> Variable.where(Tensor.of(1, 0, 0, 1), v[0], v[1])));
    }
}
