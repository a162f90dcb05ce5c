package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.autograd.Function.record;

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

    private static Variable[] tieSplit(Function.Context ctx, Variable g, boolean max) {
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
}
