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

    public Node gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    public String name() {
        return name;
    }

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
    public Variable add(Variable other) { return Elementwise.add(this, other); }
    public Variable sub(Variable other) { return Elementwise.sub(this, other); }
    public Variable mul(Variable other) { return Elementwise.mul(this, other); }
    public Variable div(Variable other) { return Elementwise.div(this, other); }
    public Variable pow(Variable exponent) { return Elementwise.pow(this, exponent); }
    public Variable maximum(Variable other) { return Elementwise.maximum(this, other); }
    public Variable minimum(Variable other) { return Elementwise.minimum(this, other); }
    public Variable add(double value) { return Elementwise.addScalar(this, value); }
    public Variable sub(double value) { return Elementwise.addScalar(this, -value); }
    public Variable mul(double value) { return Elementwise.mulScalar(this, value); }
    public Variable div(double value) { return Elementwise.mulScalar(this, 1 / value); }
    public Variable rsub(double value) { return Elementwise.rsub(this, value); }
    public Variable rdiv(double value) { return Elementwise.rdiv(this, value); }
    public Variable pow(double exponent) { return Elementwise.powScalar(this, exponent); }
    public Variable neg() { return Elementwise.neg(this); }
    public Variable abs() { return Elementwise.abs(this); }
    public Variable exp() { return Elementwise.exp(this); }
    public Variable log() { return Elementwise.log(this); }
    public Variable sqrt() { return Elementwise.sqrt(this); }
    public Variable rsqrt() { return Elementwise.rsqrt(this); }
    public Variable square() { return Elementwise.square(this); }
    public Variable reciprocal() { return Elementwise.reciprocal(this); }
    public Variable sin() { return Elementwise.sin(this); }
    public Variable cos() { return Elementwise.cos(this); }
    public Variable clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    /** condition != 0 ? a : b (condition is a plain tensor: no gradient flows to it). */
    public static Variable where(Tensor condition, Variable a, Variable b) { return Elementwise.where(condition, a, b); }

    // ---- activations (Activations) ----
    public Variable relu() { return Activations.relu(this); }
    public Variable leakyRelu(double negativeSlope) { return Activations.leakyRelu(this, negativeSlope); }
    public Variable elu(double alpha) { return Activations.elu(this, alpha); }
    public Variable sigmoid() { return Activations.sigmoid(this); }
    public Variable tanh() { return Activations.tanh(this); }
    public Variable softmax(int axis) { return Activations.softmax(this, axis); }
    public Variable logSoftmax(int axis) { return Activations.logSoftmax(this, axis); }

    // ---- reductions (Reductions) ----
    public Variable sum() { return Reductions.sum(this, new int[0], false); }
    public Variable sum(int[] axes, boolean keepDim) { return Reductions.sum(this, axes, keepDim); }
    /** The sum over {@code axes} (all when none are given), which are dropped (as {@code Tensor.sum(int...)}). */
    public Variable sum(int... axes) { return Reductions.sum(this, axes, false); }
    public Variable mean() { return Reductions.mean(this, new int[0], false); }
    public Variable mean(int[] axes, boolean keepDim) { return Reductions.mean(this, axes, keepDim); }
    /** The mean over {@code axes} (all when none are given), which are dropped. */
    public Variable mean(int... axes) { return Reductions.mean(this, axes, false); }
    public Variable max(int[] axes, boolean keepDim) { return Reductions.max(this, axes, keepDim); }
    public Variable max() { return Reductions.max(this, new int[0], false); }
    /** The largest value over {@code axes}, which are dropped (beside {@code Tensor.argmax(int)}); ties share the gradient. */
    public Variable max(int... axes) { return Reductions.max(this, axes, false); }
    public Variable min(int[] axes, boolean keepDim) { return Reductions.min(this, axes, keepDim); }
    public Variable min() { return Reductions.min(this, new int[0], false); }
    /** The smallest value over {@code axes}, which are dropped. */
    public Variable min(int... axes) { return Reductions.min(this, axes, false); }
    public Variable var(int[] axes, int correction, boolean keepDim) { return Reductions.var(this, axes, correction, keepDim); }
    public Variable std(int[] axes, int correction, boolean keepDim) { return Reductions.std(this, axes, correction, keepDim); }
    public Variable logsumexp(int[] axes, boolean keepDim) { return Reductions.logsumexp(this, axes, keepDim); }

    // ---- linear algebra (MatMul) ----
    public Variable matmul(Variable other) { return MatMul.matmul(this, other); }

    /** {@code this · weight^T + bias} (PyTorch's {@code F.linear}): weight [out, in], bias [out] or null. */
    public Variable linear(Variable weight, Variable bias) { return MatMul.linear(this, weight, bias); }

    // ---- movement (Movement) ----
    public Variable reshape(int... shape) { return Movement.reshape(this, shape); }
    public Variable view(int... shape) { return Movement.reshape(this, shape); }
    public Variable flatten() { return Movement.reshape(this, -1); }
    public Variable flatten(int startAxis, int endAxis) { return Movement.flatten(this, startAxis, endAxis); }
    public Variable permute(int... order) { return Movement.permute(this, order); }
    public Variable transpose(int axis0, int axis1) { return Movement.transpose(this, axis0, axis1); }
    public Variable t() { return Movement.t(this); }
    public Variable slice(int axis, int start, int end, int step) { return Movement.slice(this, axis, start, end, step); }
    public Variable slice(int axis, int start, int end) { return Movement.slice(this, axis, start, end, 1); }
    public Variable narrow(int axis, int start, int length) { return Movement.narrow(this, axis, start, length); }
    /** The reverse order along each of {@code axes}: a view (negative strides), no copy. */
    public Variable flip(int... axes) { return Movement.flip(this, axes); }
    public Variable select(int axis, int index) { return Movement.select(this, axis, index); }
    public Variable squeeze(int axis) { return Movement.squeeze(this, axis); }
    public Variable squeeze() { return Movement.squeezeAll(this); }
    public Variable unsqueeze(int axis) { return Movement.unsqueeze(this, axis); }
    public Variable expand(int... shape) { return Movement.expand(this, shape); }
    public Variable contiguous() { return Movement.contiguous(this); }
    public static Variable concat(int axis, Variable... parts) { return Movement.concat(axis, parts); }
    public static Variable stack(int axis, Variable... parts) { return Movement.stack(axis, parts); }
    public List<Variable> split(int splitSize, int axis) { return Movement.split(this, splitSize, axis); }
    public List<Variable> chunk(int chunks, int axis) { return Movement.chunk(this, chunks, axis); }

    // ---- convolution windows (Conv) ----
    public Variable unfold(dev.tensorj.tensor.ConvGeometry geometry, double padValue) { return Conv.unfold(this, geometry, padValue); }
    public Variable fold(dev.tensorj.tensor.ConvGeometry geometry, int height, int width) { return Conv.fold(this, geometry, height, width); }

    // ---- indexing (Indexing) ----
    public Variable gather(int axis, Tensor index) { return Indexing.gather(this, axis, index); }
    public Variable indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }
    /** Rows of this table [num, dim] at INT64 indices of any shape (an embedding lookup); rows at paddingIdx (or -1) get no gradient. */
    public Variable embedding(Tensor indices, int paddingIdx) { return Indexing.embedding(this, indices, paddingIdx); }
    public Variable scatterAdd(int axis, Tensor index, Variable src) { return Indexing.scatterAdd(this, axis, index, src); }

    @Override
    public String toString() {
        String base = data.toString();
        String made = gradFn != null ? ", gradFn=" + gradFn : (requiresGrad ? ", requiresGrad=true" : "");
        return "Variable(" + (name != null ? name + ": " : "") + base + made + ")";
    }
}
