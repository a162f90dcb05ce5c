package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Shape;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.Node.record;
import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Ops that move elements without changing them: reshapes, axis permutations, slices, broadcasts,
 * joins. Their backward moves the gradient back the opposite way; broadcasting's backward (summing)
 * is done by the engine for every op.
 */
final class Movement {
    private Movement() {
    }

    /** The gradient is reshaped back to the input's shape. */
    static Variable reshape(Variable x, int... shape) {
        int[] inputShape = x.data().dims();
        return record("reshape", x.data().reshape(shape), (ctx, g) -> new Variable[] {g.reshape(inputShape)}, x);
    }

    static Variable flatten(Variable x, int startAxis, int endAxis) {
        return reshape(x, x.data().flatten(startAxis, endAxis).dims());
    }

    /** The gradient is permuted back with the inverse permutation. */
    static Variable permute(Variable x, int... order) {
        Tensor out = x.data().permute(order);
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[Shape.normalizeAxis("permute", order[i], order.length)] = i;
        return record("permute", out, (ctx, g) -> new Variable[] {g.permute(inverse)}, x);
    }

    /** A transpose is its own inverse. */
    static Variable transpose(Variable x, int axis0, int axis1) {
        return record("transpose", x.data().transpose(axis0, axis1), (ctx, g) -> new Variable[] {g.transpose(axis0, axis1)}, x);
    }

    static Variable t(Variable x) {
        if (x.data().rank() < 2) return x;
        return transpose(x, 0, 1);
    }

    /** The gradient of a slice lands in the sliced positions of a zero tensor of the input's shape. */
    static Variable slice(Variable x, int axis, int start, int end, int step) {
        Tensor out = x.data().slice(axis, start, end, step);
        int a = Shape.normalizeAxis("slice", axis, x.data().rank());
        int first = clampStart(start, x.data().size(a));
        int[] inputShape = x.data().dims();
        return record("slice", out, (ctx, g) -> new Variable[] {embedSlice(g, inputShape, a, first, step)}, x);
    }

    private static int clampStart(int start, int size) {
        int s = start < 0 ? start + size : start;
        return Math.max(0, Math.min(size, s));
    }

    /** flip reverses the order along axes; its backward flips the gradient back along the same axes. */
    static Variable flip(Variable x, int... axes) {
        return record("flip", x.data().flip(axes), (ctx, g) -> new Variable[] {flip(g, axes)}, x);
    }

    static Variable narrow(Variable x, int axis, int start, int length) {
        x.data().narrow(axis, start, length); // validates strictly
        return slice(x, axis, start, start + length, 1);
    }

    /**
     * The adjoint of slice: g placed at positions start, start + step, ... of a zero tensor of
     * {@code shape} along the axis. Its own gradient is the slice again.
     */
    static Variable embedSlice(Variable g, int[] shape, int axis, int start, int step) {
        Tensor out = Tensor.zeros(g.data().dtype(), g.data().device(), shape);
        int length = g.data().size(axis);
        if (length > 0) out.slice(axis, start, start + (length - 1) * step + 1, step).copyFrom(g.data());
        return record("embedSlice", out, (ctx, gg) -> new Variable[] {gg.slice(axis, start, start + (length - 1) * step + 1, step)}, g);
    }

    /** select = slice of length 1, then the axis removed. */
    static Variable select(Variable x, int axis, int index) {
        int a = Shape.normalizeAxis("select", axis, x.data().rank());
        int i = index < 0 ? index + x.data().size(a) : index;
        x.data().select(a, i); // validates
        return narrow(x, a, i, 1).squeeze(a);
    }

    static Variable squeeze(Variable x, int axis) {
        return reshape(x, x.data().squeeze(axis).dims());
    }

    static Variable squeezeAll(Variable x) {
        return reshape(x, x.data().squeeze().dims());
    }

    static Variable unsqueeze(Variable x, int axis) {
        return reshape(x, x.data().unsqueeze(axis).dims());
    }

    /** Broadcasting: the engine sums the gradient back over the broadcast axes. */
    static Variable expand(Variable x, int... shape) {
        return record("expand", x.data().expand(shape), (ctx, g) -> new Variable[] {g}, x);
    }

    /** A copy in row-major layout: the gradient passes through. */
    static Variable contiguous(Variable x) {
        return record("contiguous", x.data().contiguous(), (ctx, g) -> new Variable[] {g}, x);
    }

    /** Each input gets the slice of the gradient where it was placed. */
    static Variable concat(int axis, Variable... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: expects at least one Variable");
        Tensor[] data = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) data[i] = parts[i].data();
        Tensor out = Tensor.concat(axis, data);
        int a = Shape.normalizeAxis("concat", axis, out.rank());
        int[] starts = new int[parts.length];
        for (int i = 1; i < parts.length; i++) starts[i] = starts[i - 1] + data[i - 1].size(a);
        return record("concat", out, (ctx, g) -> {
            Variable[] grads = new Variable[parts.length];
            for (int i = 0; i < parts.length; i++) grads[i] = g.narrow(a, starts[i], data[i].size(a));
            return grads;
        }, parts);
    }

    static Variable stack(int axis, Variable... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: expects at least one Variable");
        int a = Shape.normalizeAxis("stack", axis, parts[0].data().rank() + 1);
        Variable[] expanded = new Variable[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].data().shape().equals(parts[0].data().shape())) {
                throw new IllegalArgumentException("stack: Variable " + i + " has shape " + parts[i].data().shape() + ", expected " + parts[0].data().shape());
            }
            expanded[i] = parts[i].unsqueeze(a);
        }
        return concat(a, expanded);
    }

    static List<Variable> split(Variable x, int splitSize, int axis) {
        List<Variable> out = new ArrayList<>();
        int a = Shape.normalizeAxis("split", axis, x.data().rank());
        int start = 0;
        for (Tensor part : x.data().split(splitSize, a)) {
            out.add(narrow(x, a, start, part.size(a)));
            start += part.size(a);
        }
        return out;
    }

    static List<Variable> chunk(Variable x, int chunks, int axis) {
        int a = Shape.normalizeAxis("chunk", axis, x.data().rank());
        int size = x.data().size(a);
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        return split(x, Math.max(1, (size + chunks - 1) / chunks), a);
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        return List.of(
                op("flip", "the gradient flipped back along the same axes", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].flip(0, 2).mul(v[0].flip(1))),
                op("reshape", "the gradient reshaped back", inputs(M34), v -> v[0].reshape(2, 6)),
                op("view", "the gradient reshaped back", inputs(M34), v -> v[0].view(6, 2)),
                op("flatten", "the gradient reshaped back", inputs(g -> normal(g, 2, 3, 2)), v -> v[0].flatten(1, 2)),
                op("permute", "the gradient permuted back by the inverse permutation", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].permute(2, 0, 1)),
                op("transpose", "the gradient transposed back", inputs(g -> normal(g, 2, 3, 4)), v -> v[0].transpose(0, 2)),
                op("t", "the gradient transposed back", inputs(M34), v -> v[0].t()),
                op("slice", "the gradient placed into zeros at the sliced positions", inputs(g -> normal(g, 3, 7)), v -> v[0].slice(1, 1, 7, 2)),
                op("narrow", "the gradient placed into zeros at the narrowed positions", inputs(M34), v -> v[0].narrow(0, 1, 2)),
                op("select", "the gradient placed into zeros at the selected index", inputs(M34), v -> v[0].select(1, 2)),
                op("squeeze", "the gradient reshaped back", inputs(g -> normal(g, 3, 1, 4)), v -> v[0].squeeze(1)),
                op("unsqueeze", "the gradient reshaped back", inputs(M34), v -> v[0].unsqueeze(0)),
                op("expand", "the gradient summed over the broadcast axes", inputs(g -> normal(g, 3, 1)), v -> v[0].expand(2, 3, 4)),
                op("contiguous", "the gradient passes through", inputs(M34), v -> v[0].t().contiguous()),
                op("concat", "each input gets its slice of the gradient", inputs(M34, g -> normal(g, 3, 2)), v -> Variable.concat(1, v[0], v[1])),
                op("stack", "each input gets its slice of the gradient", inputs(M34, M34), v -> Variable.stack(0, v[0], v[1])),
                op("split", "each part is a narrow", inputs(g -> normal(g, 5, 2)), v -> v[0].split(2, 0).get(2).mul(3).add(v[0].split(2, 0).get(0).sum())),
                op("chunk", "each part is a narrow", inputs(g -> normal(g, 2, 6)), v -> v[0].chunk(3, 1).get(1)),
                op("squeeze(all)", "the gradient reshaped back", inputs(g -> normal(g, 1, 3, 1)), v -> v[0].squeeze()));
    }
}
