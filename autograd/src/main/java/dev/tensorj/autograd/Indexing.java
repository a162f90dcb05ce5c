package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Shape;
import dev.tensorj.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/** Gathering and scattering by index; indices are plain INT64 tensors (no gradient). */
final class Indexing {
    private Indexing() {
    }

    /** out = x.gather(axis, index): each gradient element goes back to the x element it was read from (adding up on repeats). */
    static Variable gather(Variable x, int axis, Tensor index) {
        int[] inputShape = x.data().dims();
        return record("gather", x.data().gather(axis, index),
                (ctx, g) -> new Variable[] {scatterAddIntoZeros(g, inputShape, axis, index)}, x);
    }

    /** zeros(shape).scatterAdd(axis, index, src): the adjoint of gather, whose own gradient is gather. */
    static Variable scatterAddIntoZeros(Variable src, int[] shape, int axis, Tensor index) {
        // in place on the fresh zeros: scatterAdd would copy them first (for max pooling's gradient that was a
        // second allocation and a copy of the whole input's size)
        Tensor out = Tensor.zeros(src.data().dtype(), src.data().device(), shape).scatterAddInPlace(axis, index, src.data());
        return record("scatterAddIntoZeros", out, (ctx, g) -> new Variable[] {g.gather(axis, index)}, src);
    }

    /**
     * out = target + scatter of src at index along axis: d/dtarget = 1 (passes through),
     * d/dsrc = the gradient gathered from where each src element was added.
     */
    static Variable scatterAdd(Variable target, int axis, Tensor index, Variable src) {
        return record("scatterAdd", target.data().scatterAdd(axis, index, src.data()),
                (ctx, g) -> new Variable[] {g, g.gather(axis, index)}, target, src);
    }

    /**
     * out = x.indexSelect(axis, index) (e.g. embedding rows): the gradient of out's slice j is added to
     * x's slice index[j] — a scatter-add with the index broadcast over the other axes.
     */
    static Variable indexSelect(Variable x, int axis, Tensor index) {
        if (index.dtype() != DType.INT64) throw new IllegalArgumentException("indexSelect: index must be INT64, got " + index.dtype());
        int[] inputShape = x.data().dims();
        int a = Shape.normalizeAxis("indexSelect", axis, inputShape.length);
        Tensor out = x.data().indexSelect(a, index);
        return record("indexSelect", out, (ctx, g) -> {
            int[] view = new int[inputShape.length];
            java.util.Arrays.fill(view, 1);
            view[a] = index.numel();
            Tensor expandedIndex = index.reshape(view).expand(g.data().dims());
            return new Variable[] {scatterAddIntoZeros(g, inputShape, a, expandedIndex)};
        }, x);
    }

    /**
     * Embedding lookup: out[..., :] = weight[indices[...], :] for a table weight [num, dim] and INT64
     * indices of any shape; out is indices' shape + [dim]. Backward: each row of the gradient is added
     * to the table row it was read from (a scatter-add touching only those rows); rows read at
     * {@code paddingIdx} get no gradient (PyTorch's padding_idx; -1 for none).
     */
    static Variable embedding(Variable weight, Tensor indices, int paddingIdx) {
        int[] table = weight.data().dims();
        if (table.length != 2) throw new IllegalArgumentException("embedding: expects a table [num, dim], got " + weight.data().shape());
        if (indices.dtype() != DType.INT64) throw new IllegalArgumentException("embedding: indices must be INT64, got " + indices.dtype() + " " + indices.shape());
        int n = indices.numel(), dim = table[1];
        Tensor flat = indices.reshape(n);
        int[] outShape = java.util.Arrays.copyOf(indices.dims(), indices.rank() + 1);
        outShape[indices.rank()] = dim;
        Tensor out = weight.data().indexSelect(0, flat).reshape(outShape);
        return record("embedding", out, (ctx, g) -> {
            // The gradient's rows in the order they lie in memory, with the indices in the same order: an LSTM fed
            // batch-first hands back a time-first gradient seen through a transpose, which reshape would copy.
            int[] order = memoryOrder(g.data(), indices.rank());
            boolean permuted = !isIdentity(order);
            Variable rows = (permuted ? g.permute(order) : g).reshape(n, dim);
            Tensor rowIndices = permuted ? indices.permute(java.util.Arrays.copyOf(order, indices.rank())).reshape(n) : flat;
            if (paddingIdx >= 0) rows = rows.mul(new Variable(rowIndices.ne(paddingIdx).to(g.data().dtype()).reshape(n, 1), false));
            return new Variable[] {scatterAddIntoZeros(rows, table, 0, rowIndices.reshape(n, 1).expand(n, dim))};
        }, weight);
    }

    /**
     * An order of g's axes that views it contiguously with its last axis kept last: the leading {@code lead} axes sorted
     * by stride, largest first (ties keep their order), when that view is contiguous; else the identity. The scatter-add
     * sums each table row's gradients in this order, so the result may differ from the identity order's in rounding
     * when an index repeats.
     */
    static int[] memoryOrder(Tensor g, int lead) {
        int[] order = new int[lead + 1];
        for (int i = 0; i <= lead; i++) order[i] = i;
        if (g.isContiguous()) return order;
        Integer[] axes = new Integer[lead];
        for (int i = 0; i < lead; i++) axes[i] = i;
        java.util.Arrays.sort(axes, (a, b) -> Integer.compare(g.stride(b), g.stride(a)));
        for (int i = 0; i < lead; i++) order[i] = axes[i];
        if (g.permute(order).isContiguous()) return order;
        for (int i = 0; i < lead; i++) order[i] = i;
        return order;
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) if (order[i] != i) return false;
        return true;
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("gather", "scatter-add of the gradient to the gathered positions",
                        inputs(M34), v -> v[0].gather(1, Tensor.fromArray(new long[] {0, 3, 3, 1, 2, 2}, 3, 2))),
                op("indexSelect", "index-add of the gradient rows (repeats add up)",
                        inputs(M34), v -> v[0].indexSelect(0, Tensor.ofLongs(2, 0, 2, 1))),
                op("scatterAdd", "target: 1; src: the gradient gathered at the index",
                        inputs(M34, g -> normal(g, 3, 2)), v -> v[0].scatterAdd(1, Tensor.fromArray(new long[] {0, 3, 3, 3, 2, 1}, 3, 2), v[1])),
                op("embedding", "index-add of the gradient rows into the table (repeats add up; rows read at paddingIdx get none, tested apart)",
                        inputs(g -> normal(g, 5, 3)), v -> v[0].embedding(Tensor.fromArray(new long[] {4, 0, 4, 2, 1, 0}, 2, 3), -1)));
    }
}
