package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/** Matrix products. */
final class MatMul {
    private MatMul() {
    }

    /**
     * C = A B for matrices (and stacks of them, batch axes broadcast): dL/dA = G B^T and
     * dL/dB = A^T G (transposing the last two axes); the engine sums over broadcast batch axes.
     * A 1-D operand is made a matrix first (a row for A, a column for B) and that axis removed after,
     * so vector cases reuse the same rule.
     */
    static Variable matmul(Variable a, Variable b) {
        if (a.data().rank() == 0 || b.data().rank() == 0) {
            throw new IllegalArgumentException("matmul: expects tensors of rank >= 1, got shapes " + a.data().shape() + " and " + b.data().shape());
        }
        boolean aVector = a.data().rank() == 1, bVector = b.data().rank() == 1;
        Variable left = aVector ? a.unsqueeze(0) : a;
        Variable right = bVector ? b.unsqueeze(1) : b;
        Variable product = matmulMatrices(left, right);
        if (aVector) product = product.squeeze(-2);
        if (bVector) product = product.squeeze(-1);
        return product;
    }

    private static Variable matmulMatrices(Variable a, Variable b) {
        Tensor out = a.data().matmul(b.data());
        return record("matmul", out, (ctx, g) -> new Variable[] {
                ctx.needsGrad(0) ? g.matmul(ctx.input(1).transpose(-1, -2)) : null,
                ctx.needsGrad(1) ? ctx.input(0).transpose(-1, -2).matmul(g) : null}, a, b);
    }

    /**
     * y = x W^T + b, PyTorch's {@code F.linear}: x [..., in], W [out, in], b [out] or null. With the
     * leading axes of x and G flattened into rows X [R, in] and G [R, out]:
     * dL/dx = G W, dL/dW = G^T X, dL/db = the column sums of G.
     * Computing dL/dW as G^T X gives it W's own [out, in] layout; the same model written
     * {@code x.matmul(W.t())} gets (X^T G)^T, a transposed view the engine must copy into every step's
     * gradient, and a second pass for the bias.
     */
    static Variable linear(Variable x, Variable weight, Variable bias) {
        Tensor xd = x.data(), w = weight.data();
        if (w.rank() != 2 || xd.rank() == 0 || xd.size(-1) != w.size(1) || (bias != null && (bias.data().rank() != 1 || bias.data().size(0) != w.size(0)))) {
            throw new IllegalArgumentException("linear: expects input [..., in], weight [out, in] and bias [out], got input " + xd.shape()
                    + ", weight " + w.shape() + (bias == null ? "" : ", bias " + bias.data().shape()));
        }
        int in = w.size(1), out = w.size(0);
        int[] outShape = xd.dims();
        outShape[outShape.length - 1] = out;
        Tensor y = xd.reshape(-1, in).matmul(w.t());
        if (bias != null) y.addInPlace(bias.data());
        boolean hasBias = bias != null;
        Node.BackwardRule rule = (ctx, g) -> {
            Variable rows = g.reshape(-1, out);
            Variable dx = ctx.needsGrad(0) ? rows.matmul(ctx.input(1)).reshape(ctx.inputShape(0)) : null;
            Variable dw = ctx.needsGrad(1) ? rows.t().matmul(ctx.input(0).reshape(-1, in)) : null;
            if (!hasBias) return new Variable[] {dx, dw};
            return new Variable[] {dx, dw, ctx.needsGrad(2) ? rows.sum(new int[] {0}, false) : null};
        };
        Tensor result = y.reshape(outShape);
        return bias == null ? record("linear", result, rule, x, weight) : record("linear", result, rule, x, weight, bias);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("matmul", "dA = G B^T, dB = A^T G", inputs(M34, g -> normal(g, 4, 2)), v -> v[0].matmul(v[1])),
                op("matmul(batched)", "per matrix, summed over broadcast batches", inputs(g -> normal(g, 2, 3, 4), g -> normal(g, 4, 5)), v -> v[0].matmul(v[1])),
                op("linear", "dx = G W, dW = G^T x, db = column sums of G (leading axes as rows)",
                        inputs(g -> normal(g, 2, 3, 4), g -> normal(g, 5, 4), g -> normal(g, 5)), v -> v[0].linear(v[1], v[2])),
                op("linear(no bias, vector)", "a vector input is one row", inputs(g -> normal(g, 4), g -> normal(g, 5, 4)), v -> v[0].linear(v[1], null)),
                op("matmul(vector)", "a vector is a 1-row / 1-column matrix", inputs(M34, ROW4), v -> v[0].matmul(v[1])));
    }
}
