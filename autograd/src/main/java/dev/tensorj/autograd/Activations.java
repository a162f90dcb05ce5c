package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.UnaryOp;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/** Activation functions and softmax, each with its own fused forward kernel and backward rule. */
final class Activations {
    private Activations() {
    }

    /** d relu(x)/dx = 1 for x &gt; 0, else 0. */
    static Variable relu(Variable x) {
        return record("relu", x.data().relu(), (ctx, g) -> new Variable[] {gradient(UnaryOp.RELU, ctx.input(0), g, 0,
                () -> g.mul(new Variable(ctx.input(0).data().gt(0), false)))}, x);
    }

    /** d leaky(x)/dx = 1 for x &gt; 0, else the negative slope. */
    static Variable leakyRelu(Variable x, double slope) {
        // g where x > 0, else slope g
        return record("leakyRelu", x.data().leakyRelu(slope), (ctx, g) -> new Variable[] {gradient(UnaryOp.LEAKY_RELU, ctx.input(0), g, slope,
                () -> Variable.where(ctx.input(0).data().gt(0), g, g.mul(slope)))}, x);
    }

    /** d elu(x)/dx = 1 for x &gt; 0, else alpha e^x = y + alpha. */
    static Variable elu(Variable x, double alpha) {
        return record("elu", x.data().elu(alpha), (ctx, g) -> {
            Tensor positive = ctx.input(0).data().gt(0);
            Variable negativePart = ctx.output().add(alpha).mul(new Variable(positive.rsub(1), false));
            return new Variable[] {g.mul(negativePart.add(new Variable(positive, false)))};
        }, x);
    }

    /** d sigmoid(x)/dx = s (1 - s) with s the output. */
    static Variable sigmoid(Variable x) {
        return record("sigmoid", x.data().sigmoid(), (ctx, g) -> {
            Variable s = ctx.output();
            return new Variable[] {gradient(UnaryOp.SIGMOID, s, g, 0, () -> g.mul(s).mul(s.rsub(1)))};
        }, x);
    }

    /** d tanh(x)/dx = 1 - tanh(x)^2. */
    static Variable tanh(Variable x) {
        return record("tanh", x.data().tanh(), (ctx, g) -> new Variable[] {gradient(UnaryOp.TANH, ctx.output(), g, 0,
                () -> g.mul(ctx.output().square().rsub(1)))}, x);
    }

    /**
     * g f'(saved) for the activation op (saved: its output for tanh and sigmoid, its input for relu and leaky relu).
     * A plain backward takes the backend's one fused pass ({@link Tensor#unaryBackward}); a backward that records a
     * graph (createGraph) takes {@code composed}, the same product written with differentiable ops, so that second
     * derivatives flow through it. The composition made two or three passes over the activation, each with a fresh
     * tensor.
     */
    private static Variable gradient(UnaryOp op, Variable saved, Variable g, double alpha, Supplier<Variable> composed) {
        if (Grad.isEnabled()) return composed.get();
        return new Variable(saved.data().unaryBackward(op, g.data(), alpha), false);
    }

    /**
     * softplus(x) = log(1 + e^(beta x)) / beta, computed as (relu(beta x) + log(1 + e^(-|beta x|))) / beta so that
     * no exp overflows. A composition: its derivative, sigmoid(beta x), comes from relu', abs', exp' and log'.
     */
    static Variable softplus(Variable x, double beta) {
        if (!(beta > 0)) throw new IllegalArgumentException("softplus: beta must be positive, got " + beta);
        Variable bx = x.mul(beta);
        return bx.relu().add(bx.abs().neg().exp().add(1).log()).div(beta);
    }

    /** hardtanh(x) = x clamped to [min, max]; a composition (clamp): 1 inside, 0 outside. */
    static Variable hardtanh(Variable x, double min, double max) {
        if (!(min < max)) throw new IllegalArgumentException("hardtanh: expects min < max, got " + min + " and " + max);
        return x.clamp(min, max);
    }

    /**
     * y = softmax(x) along an axis. Its Jacobian is dy_i/dx_j = y_i (delta_ij - y_j), so
     * dL/dx = y * (g - sum_j g_j y_j).
     */
    static Variable softmax(Variable x, int axis) {
        return record("softmax", x.data().softmax(axis), (ctx, g) -> {
            Variable y = ctx.output();
            int[] along = {axis};
            return new Variable[] {y.mul(g.sub(g.mul(y).sum(along, true)))};
        }, x);
    }

    /** y = log softmax(x): dy_i/dx_j = delta_ij - softmax_j, so dL/dx = g - softmax(x) * sum_j g_j. */
    static Variable logSoftmax(Variable x, int axis) {
        return record("logSoftmax", x.data().logSoftmax(axis), (ctx, g) -> {
            int[] along = {axis};
            return new Variable[] {g.sub(ctx.output().exp().mul(g.sum(along, true)))};
        }, x);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("relu", "1 for x > 0, else 0", inputs(AWAY34), v -> v[0].relu()),
                op("leakyRelu", "1 for x > 0, else the slope", inputs(AWAY34), v -> v[0].leakyRelu(0.2)),
                op("elu", "1 for x > 0, else alpha e^x", inputs(AWAY34), v -> v[0].elu(1.0)),
                op("sigmoid", "s (1 - s)", inputs(M34), v -> v[0].sigmoid()),
                op("tanh", "1 - tanh^2", inputs(M34), v -> v[0].tanh()),
                op("softplus", "sigmoid(beta x) (composite)", inputs(AWAY34), v -> softplus(v[0], 2)),
                op("hardtanh", "1 inside [min, max], 0 outside (composite: clamp)", inputs(g -> awayFromZero(g, 3, 4).mul(2)), v -> hardtanh(v[0], -1, 1)),
                op("softmax", "y * (g - sum(g y))", inputs(M34), v -> v[0].softmax(1)),
                op("logSoftmax", "g - softmax * sum(g)", inputs(M34), v -> v[0].logSoftmax(-1)));
    }
}
