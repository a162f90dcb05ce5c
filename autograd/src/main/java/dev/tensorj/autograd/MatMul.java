package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.autograd.Function.record;

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
}
