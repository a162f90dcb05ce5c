package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.autograd.Function.record;

/** Activation functions and softmax, each with its own fused forward kernel and backward rule. */
final class Activations {
    private Activations() {
    }

    /** d relu(x)/dx = 1 for x &gt; 0, else 0. */
    static Variable relu(Variable x) {
        return record("relu", x.data().relu(), (ctx, g) -> new Variable[] {g.mul(new Variable(ctx.input(0).data().gt(0), false))}, x);
    }

    /** d leaky(x)/dx = 1 for x &gt; 0, else the negative slope. */
    static Variable leakyRelu(Variable x, double slope) {
        return record("leakyRelu", x.data().leakyRelu(slope), (ctx, g) -> {
            Tensor positive = ctx.input(0).data().gt(0);
            Tensor derivative = positive.add(positive.rsub(1).mul(slope));
            return new Variable[] {g.mul(new Variable(derivative, false))};
        }, x);
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
            return new Variable[] {g.mul(s).mul(s.rsub(1))};
        }, x);
    }

    /** d tanh(x)/dx = 1 - tanh(x)^2. */
    static Variable tanh(Variable x) {
        return record("tanh", x.data().tanh(), (ctx, g) -> new Variable[] {g.mul(ctx.output().square().rsub(1))}, x);
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
}
