package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A tensor that remembers how it was computed. {@code data} is the value; {@code grad} collects
 * dL/d(this) when {@link #backward()} runs; {@code gradFn} is the {@link Node} that made it
 * (null for leaves: inputs and parameters).
 *
 * <p>The operations mirror {@link Tensor}'s and are defined, forward and backward side by side, in
 * the op families: {@link Elementwise}, {@link Activations}, {@link Reductions}, {@link Movement},
 * {@link MatMul} and {@link Indexing}.
 *
 * <p>Gradients accumulate (add up) across backward calls until {@link #zeroGrad()}, as in PyTorch.
 */
public final class Variable {
    private Tensor data;
    private final Node gradFn;
    private boolean requiresGrad;
    private Tensor grad;
    private Variable gradVariable; // the gradient with its own graph, after backward(createGraph = true)
    private String name;
    private final List<UnaryOperator<Tensor>> hooks = new ArrayList<>();

    /** A leaf: an input ({@code requiresGrad} false) or a trainable parameter (true). */
    public Variable(Tensor data, boolean requiresGrad) {
        if (requiresGrad && !data.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Variable: only floating-point tensors can require grad, got " + data.dtype());
        }
        this.data = data;
        this.gradFn = null;
        this.requiresGrad = requiresGrad;
    }

    /** A non-leaf made by an op (see {@link Node#record}). */
    Variable(Tensor data, Node gradFn) {
        this.data = data;
        this.gradFn = gradFn;
        this.requiresGrad = true;
    }

    /** A constant: a leaf that needs no gradient. */
    public static Variable constant(Tensor data) {
        return new Variable(data, false);
    }

    /** A trainable leaf. */
    public static Variable parameter(Tensor data) {
        return new Variable(data, true);
    }

    /** The value: the tensor itself, not a copy (editing it in place after an op saved it for backward makes backward fail). */
    public Tensor data() {
        return data;
    }

    /**
     * Replaces a leaf's tensor, keeping this Variable (PyTorch's {@code param.data = ...}): what
     * {@code Layer.to(device)} and {@code Layer.to(dtype)} use, so that a layer's fields and an
     * optimizer's references keep pointing at its parameters. The shape must stay; an accumulated
     * gradient follows to the new dtype and device. Not for Variables made by ops (their graph saw the old
     * tensor).
     */
    public void setData(Tensor newData) {
        if (gradFn != null) throw new IllegalStateException("Variable.setData: " + describe() + " was made by " + gradFn.opName() + "; only leaves can change their tensor");
        if (!java.util.Arrays.equals(newData.dims(), data.dims())) {
            throw new IllegalArgumentException("Variable.setData: " + describe() + " has shape " + data.shape() + ", the new tensor " + newData.shape());
        }
        if (requiresGrad && !newData.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("Variable.setData: " + describe() + " requires grad, so it needs a floating-point tensor, got " + newData.dtype());
        }
        data = newData;
        if (grad != null) grad = grad.to(newData.dtype()).to(newData.device());
        gradVariable = null;
    }

    /** dL/d(this) accumulated by backward, or null before the first backward. */
    public Tensor grad() {
        return grad;
    }

    /** The gradient as a Variable with its own graph, after {@code backward(..., createGraph = true)}; else a constant. */
    public Variable gradVariable() {
        if (gradVariable != null) return gradVariable;
        return grad == null ? null : new Variable(grad, false);
    }

    /** Whether backward computes a gradient for this Variable: true for trainable leaves and what ops make from one with grad on. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Freezes or unfreezes a leaf (non-leaves follow their inputs). */
    public Variable setRequiresGrad(boolean on) {
        if (gradFn != null) throw new IllegalStateException("setRequiresGrad: only leaves can change it; use detach() on a computed Variable");
        if (on && !data.dtype().isFloatingPoint()) throw new IllegalArgumentException("setRequiresGrad: " + data.dtype() + " tensors cannot require grad");
        this.requiresGrad = on;
        return this;
    }

    /** The {@link Node} of the op that made this Variable (PyTorch's {@code grad_fn}), or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Whether this Variable was made by hand rather than by an op (no {@link #gradFn()}); only leaves keep a {@link #grad()}. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The name given by {@link #setName}, or null: shown by toString, the graph drawing and optimiser errors. */
    public String name() {
        return name;
    }

    /** Names this Variable for messages and graph drawings (e.g. {@code "fc.weight"}); returns this. */
    public Variable setName(String name) {
        this.name = name;
        return this;
    }

    /** "Variable 'weight' [128, 784]", for error messages. */
    private String describe() {
        return "Variable" + (name != null ? " '" + name + "'" : "") + " " + data.shape();
    }

    /**
     * Sets the accumulated gradient (PyTorch's {@code x.grad = g}): a tensor of this Variable's shape, cast to
     * its dtype and device, or null to clear it.
     */
    public void setGrad(Tensor gradient) {
        if (gradient != null && !java.util.Arrays.equals(gradient.dims(), data.dims())) {
            throw new IllegalArgumentException("Variable.setGrad: " + describe() + " cannot take a gradient of shape " + gradient.shape());
        }
        grad = gradient == null ? null : gradient.to(data.dtype()).to(data.device());
        gradVariable = null;
    }

    /** Sets the gradient to null (PyTorch's default {@code set_to_none}). */
    public void zeroGrad() {
        grad = null;
        gradVariable = null;
    }

    /** The same data, cut from the graph (never requires grad). */
    public Variable detach() {
        return new Variable(data, false);
    }

    /**
     * Calls {@code hook} with this Variable's gradient during backward, before it is used or
     * accumulated; a non-null return value replaces the gradient.
     */
    public Variable registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("registerHook: this Variable does not require grad");
        if (gradFn != null) gradFn.outputHooks.add(hook);
        else hooks.add(hook);
        return this;
    }

    List<UnaryOperator<Tensor>> hooks() {
        return hooks;
    }

    /**
     * Adds g to this leaf's gradient. The first gradient is copied, unless the engine says it may be
     * adopted: a fresh tensor that nothing else holds (see Engine.mayAdopt), which saves a copy of
     * every weight gradient per step.
     */
    void accumulate(Variable g, boolean createGraph, boolean adopt) {
        if (createGraph) {
            gradVariable = gradVariable == null ? g : gradVariable.add(g);
            grad = gradVariable.data();
        } else {
            grad = grad == null ? (adopt ? g.data() : g.data().copy()) : grad.add(g.data());
        }
    }

    // ---- backward ----

    /** Backward from a one-element output (implicit gradient 1); frees the graph. */
    public void backward() {
        Engine.backward(this, null, false, false);
    }

    /** Backward with an explicit gradient of this Variable's shape. */
    public void backward(Tensor gradient) {
        Engine.backward(this, gradient, false, false);
    }

    /**
     * The full form: {@code retainGraph} keeps the graph for another backward; {@code createGraph}
     * records the backward pass itself, so gradients can be differentiated again (second order).
     * A null gradient means 1 for a one-element output.
     */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, gradient, retainGraph || createGraph, createGraph);
    }

    // ---- elementwise (Elementwise) ----
    /** this + other, broadcasting; each gradient is summed back to its input's shape. */
    public Variable add(Variable other) { return Elementwise.add(this, other); }
    /** this - other, broadcasting. */
    public Variable sub(Variable other) { return Elementwise.sub(this, other); }
    /** this * other elementwise, broadcasting: d/dthis = other, d/dother = this. */
    public Variable mul(Variable other) { return Elementwise.mul(this, other); }
    /** this / other elementwise, broadcasting: d/dthis = 1 / other, d/dother = -this / other^2. */
    public Variable div(Variable other) { return Elementwise.div(this, other); }
    /** this^exponent elementwise, broadcasting; d/dexponent = this^exponent ln(this) needs this &gt; 0. */
    public Variable pow(Variable exponent) { return Elementwise.pow(this, exponent); }
    /** max(this, other) elementwise, broadcasting; where the two are equal each gets half the gradient (as PyTorch). */
    public Variable maximum(Variable other) { return Elementwise.maximum(this, other); }
    /** min(this, other) elementwise, broadcasting; ties split the gradient in halves. */
    public Variable minimum(Variable other) { return Elementwise.minimum(this, other); }
    /** this + value. */
    public Variable add(double value) { return Elementwise.addScalar(this, value); }
    /** this - value. */
    public Variable sub(double value) { return Elementwise.addScalar(this, -value); }
    /** this * value. */
    public Variable mul(double value) { return Elementwise.mulScalar(this, value); }
    /** this / value (computed as this * (1 / value)). */
    public Variable div(double value) { return Elementwise.mulScalar(this, 1 / value); }
    /** value - this (PyTorch's {@code rsub}). */
    public Variable rsub(double value) { return Elementwise.rsub(this, value); }
    /** value / this: d/dthis = -value / this^2. */
    public Variable rdiv(double value) { return Elementwise.rdiv(this, value); }
    /** this^exponent elementwise: d/dthis = exponent this^(exponent - 1). */
    public Variable pow(double exponent) { return Elementwise.powScalar(this, exponent); }
    /** -this. */
    public Variable neg() { return Elementwise.neg(this); }
    /** |this|; its derivative is sign(this), 0 at 0 (as PyTorch). */
    public Variable abs() { return Elementwise.abs(this); }
    /** e^this elementwise; its derivative is the output itself. */
    public Variable exp() { return Elementwise.exp(this); }
    /** The natural logarithm, elementwise: d/dthis = 1 / this. */
    public Variable log() { return Elementwise.log(this); }
    /** The square root, elementwise: d/dthis = 1 / (2 sqrt(this)). */
    public Variable sqrt() { return Elementwise.sqrt(this); }
    /** 1 / sqrt(this) elementwise (as in normalisation layers): d/dthis = -y^3 / 2 with y the output. */
    public Variable rsqrt() { return Elementwise.rsqrt(this); }
    /** this^2 elementwise: d/dthis = 2 this. */
    public Variable square() { return Elementwise.square(this); }
    /** 1 / this elementwise: d/dthis = -1 / this^2. */
    public Variable reciprocal() { return Elementwise.reciprocal(this); }
    /** The sine, elementwise: d/dthis = cos(this). */
    public Variable sin() { return Elementwise.sin(this); }
    /** The cosine, elementwise: d/dthis = -sin(this). */
    public Variable cos() { return Elementwise.cos(this); }
    /** Each element limited to [min, max]; the gradient passes inside the range and is 0 outside. */
    public Variable clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    /** condition != 0 ? a : b (condition is a plain tensor: no gradient flows to it). */
    public static Variable where(Tensor condition, Variable a, Variable b) { return Elementwise.where(condition, a, b); }

    // ---- activations (Activations) ----
    /** max(this, 0) ({@link F#relu}). */
    public Variable relu() { return Activations.relu(this); }
    /** this where positive, else negativeSlope * this ({@link F#leakyRelu}). */
    public Variable leakyRelu(double negativeSlope) { return Activations.leakyRelu(this, negativeSlope); }
    /** this where positive, else alpha (e^this - 1) ({@link F#elu}). */
    public Variable elu(double alpha) { return Activations.elu(this, alpha); }
    /** 1 / (1 + e^-this): d/dthis = s (1 - s) with s the output. */
    public Variable sigmoid() { return Activations.sigmoid(this); }
    /** The hyperbolic tangent: d/dthis = 1 - tanh^2. */
    public Variable tanh() { return Activations.tanh(this); }
    /** e^x_i / sum_j e^x_j along {@code axis} (negative counts from the end), computed without overflow. */
    public Variable softmax(int axis) { return Activations.softmax(this, axis); }
    /** log(softmax) along {@code axis}, computed stably as x - max - log sum e^(x - max). */
    public Variable logSoftmax(int axis) { return Activations.logSoftmax(this, axis); }

    // ---- reductions (Reductions) ----
    /** The sum of all elements, a 0-D Variable. */
    public Variable sum() { return Reductions.sum(this, new int[0], false); }
    /** The sum over {@code axes} (all when empty), kept as size 1 when {@code keepDim}; each element gets the gradient of its sum. */
    public Variable sum(int[] axes, boolean keepDim) { return Reductions.sum(this, axes, keepDim); }
    /** The sum over {@code axes} (all when none are given), which are dropped (as {@code Tensor.sum(int...)}). */
    public Variable sum(int... axes) { return Reductions.sum(this, axes, false); }
    /** The mean of all elements, a 0-D Variable. */
    public Variable mean() { return Reductions.mean(this, new int[0], false); }
    /** The mean over {@code axes} (all when empty), kept as size 1 when {@code keepDim}: d/dx_i = 1 / n. */
    public Variable mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }
    /** The mean over {@code axes} (all when none are given), which are dropped. */
    public Variable mean(int... axes) { return Reductions.mean(this, axes, false); }
    /** The largest value over {@code axes} (all when empty), kept as size 1 when {@code keepDim}; ties share the gradient. */
    public Variable max(int[] axes, boolean keepDim) { return Reductions.max(this, axes, keepDim); }
    /** The largest element, a 0-D Variable; the gradient goes to it (shared equally among ties). */
    public Variable max() { return Reductions.max(this, new int[0], false); }
    /** The largest value over {@code axes}, which are dropped (beside {@code Tensor.argmax(int)}); ties share the gradient. */
    public Variable max(int... axes) { return Reductions.max(this, axes, false); }
    /** The smallest value over {@code axes} (all when empty), kept as size 1 when {@code keepDim}; ties share the gradient. */
    public Variable min(int[] axes, boolean keepDim) { return Reductions.min(this, axes, keepDim); }
    /** The smallest element, a 0-D Variable. */
    public Variable min() { return Reductions.min(this, new int[0], false); }
    /** The smallest value over {@code axes}, which are dropped. */
    public Variable min(int... axes) { return Reductions.min(this, axes, false); }
    /** The variance over {@code axes} with divisor n - correction (1: unbiased, PyTorch's default; 0: population). */
    public Variable var(int[] axes, int correction, boolean keepDim) { return Reductions.var(this, axes, correction, keepDim); }
    /** The standard deviation, sqrt of {@link #var(int[], int, boolean)}. */
    public Variable std(int[] axes, int correction, boolean keepDim) { return Reductions.std(this, axes, correction, keepDim); }
    /** log sum e^x over {@code axes}, computed stably with the max subtracted; its gradient is the softmax. */
    public Variable logsumexp(int[] axes, boolean keepDim) { return Reductions.logsumexp(this, axes, keepDim); }

    // ---- linear algebra (MatMul) ----
    /** The matrix product (and batches of them, batch axes broadcast; 1-D operands as in PyTorch): dL/dA = G B^T, dL/dB = A^T G. */
    public Variable matmul(Variable other) { return MatMul.matmul(this, other); }

    /** {@code this · weight^T + bias} (PyTorch's {@code F.linear}): weight [out, in], bias [out] or null. */
    public Variable linear(Variable weight, Variable bias) { return MatMul.linear(this, weight, bias); }

    // ---- movement (Movement) ----
    /** The same elements in a new shape (one size may be -1): a view when the strides allow it, else a copy. */
    public Variable reshape(int... shape) { return Movement.reshape(this, shape); }
    /** The same as {@link #reshape}: unlike {@code Tensor.view} it copies when the strides do not allow a view. */
    public Variable view(int... shape) { return Movement.reshape(this, shape); }
    /** All elements in one axis. */
    public Variable flatten() { return Movement.reshape(this, -1); }
    /** Axes {@code startAxis..endAxis} (inclusive) merged into one, like {@code torch.flatten}: [N, C, H, W] to [N, C H W] with (1, 3). */
    public Variable flatten(int startAxis, int endAxis) { return Movement.flatten(this, startAxis, endAxis); }
    /** The axes reordered, a view: result axis i is this Variable's axis {@code order[i]}. */
    public Variable permute(int... order) { return Movement.permute(this, order); }
    /** Two axes swapped, a view. */
    public Variable transpose(int axis0, int axis1) { return Movement.transpose(this, axis0, axis1); }
    /** The transpose of a matrix (axes 0 and 1 swapped); a 0-D or 1-D Variable comes back as it is. */
    public Variable t() { return Movement.t(this); }
    /** Elements {@code start, start + step, ...} below {@code end} along an axis (Python's {@code x[start:end:step]}), a view. */
    public Variable slice(int axis, int start, int end, int step) { return Movement.slice(this, axis, start, end, step); }
    /** Elements {@code start .. end - 1} along an axis ({@code x[start:end]}), a view; negative indices count from the end. */
    public Variable slice(int axis, int start, int end) { return Movement.slice(this, axis, start, end, 1); }
    /** {@code length} elements from {@code start} along an axis (like {@code torch.narrow}), a view; strictly checked. */
    public Variable narrow(int axis, int start, int length) { return Movement.narrow(this, axis, start, length); }
    /** The reverse order along each of {@code axes}: a view (negative strides), no copy. */
    public Variable flip(int... axes) { return Movement.flip(this, axes); }
    /** The slice at {@code index} along an axis, with that axis removed (x[:, i] for axis 1). */
    public Variable select(int axis, int index) { return Movement.select(this, axis, index); }
    /** Removes one axis, which must have size 1. */
    public Variable squeeze(int axis) { return Movement.squeeze(this, axis); }
    /** Removes every axis of size 1. */
    public Variable squeeze() { return Movement.squeezeAll(this); }
    /** Inserts an axis of size 1 at {@code axis} (0..rank; negative counts from the end of the result). */
    public Variable unsqueeze(int axis) { return Movement.unsqueeze(this, axis); }
    /** Broadcast to a larger shape without copying (-1 keeps a size); the gradient is summed back over the expanded axes. */
    public Variable expand(int... shape) { return Movement.expand(this, shape); }
    /** The same values in row-major layout (a copy unless already so); the gradient passes through. */
    public Variable contiguous() { return Movement.contiguous(this); }
    /** Joins Variables along an existing axis (PyTorch's {@code torch.cat}); all other sizes must agree. */
    public static Variable concat(int axis, Variable... parts) { return Movement.concat(axis, parts); }
    /** Joins Variables of one shape along a new axis {@code axis}. */
    public static Variable stack(int axis, Variable... parts) { return Movement.stack(axis, parts); }
    /** Pieces of {@code splitSize} elements along an axis (the last may be smaller), each a differentiable view. */
    public List<Variable> split(int splitSize, int axis) { return Movement.split(this, splitSize, axis); }
    /** At most {@code chunks} pieces of ceil(size / chunks) elements along an axis (the last may be smaller), like {@code torch.chunk}. */
    public List<Variable> chunk(int chunks, int axis) { return Movement.chunk(this, chunks, axis); }

    // ---- convolution windows (Conv) ----
    /** im2col (PyTorch's {@code F.unfold}): [N, C, H, W] to windows as columns [N, C kH kW, L]; padding reads {@code padValue}. */
    public Variable unfold(dev.tensorj.tensor.ConvGeometry geometry, double padValue) { return Conv.unfold(this, geometry, padValue); }
    /** col2im (PyTorch's {@code F.fold}), unfold's adjoint: columns [N, C kH kW, L] summed into an image [N, C, height, width]. */
    public Variable fold(dev.tensorj.tensor.ConvGeometry geometry, int height, int width) { return Conv.fold(this, geometry, height, width); }

    // ---- indexing (Indexing) ----
    /** PyTorch's {@code gather}: out[i][j] = this[i][index[i][j]] for axis 1 (INT64 index of the output's shape). */
    public Variable gather(int axis, Tensor index) { return Indexing.gather(this, axis, index); }
    /** The slices at the 1-D INT64 {@code index} along an axis (PyTorch's {@code index_select}); repeats add their gradients. */
    public Variable indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }
    /** Rows of this table [num, dim] at INT64 indices of any shape (an embedding lookup); rows at paddingIdx (or -1) get no gradient. */
    public Variable embedding(Tensor indices, int paddingIdx) { return Indexing.embedding(this, indices, paddingIdx); }
    /** A copy of this with {@code src} added at the positions {@code index} names along an axis (PyTorch's {@code scatter_add}). */
    public Variable scatterAdd(int axis, Tensor index, Variable src) { return Indexing.scatterAdd(this, axis, index, src); }

    @Override
    public String toString() {
        String base = data.toString();
        String made = gradFn != null ? ", gradFn=" + gradFn : (requiresGrad ? ", requiresGrad=true" : "");
        return "Variable(" + (name != null ? name + ": " : "") + base + made + ")";
    }
}
