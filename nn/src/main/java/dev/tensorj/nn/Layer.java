package dev.tensorj.nn;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Device;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a network: it owns named parameters (trainable {@link Variable}s), buffers (state that is
 * saved but not trained, e.g. BatchNorm's running mean) and sub-modules, and computes
 * {@link #forward}. Names follow PyTorch's {@code state_dict}: a parameter {@code weight} of the
 * sub-module registered as {@code "0"} inside one registered as {@code "encoder"} is
 * {@code encoder.0.weight}.
 *
 * <p>Register in the constructor: {@code this.fc = registerLayer("fc", new Linear(784, 10));}
 */
public abstract class Layer {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Layer> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The output for one input. Models with several inputs override {@link #forward(Variable...)}. */
    public abstract Variable forward(Variable input);

    /** The output for several inputs (e.g. image and label of a conditional GAN); one input by default. */
    public Variable forward(Variable... inputs) {
        if (inputs.length != 1) {
            throw new IllegalArgumentException(name() + ": takes one input, got " + inputs.length + "; override forward(Variable...) for more");
        }
        return forward(inputs[0]);
    }

    /** Shorthand for {@code forward(Variable.constant(input))}-style calls on plain tensors. */
    public Variable forward(Tensor input) {
        return forward(new Variable(input, false));
    }

    /** The class name, used in messages and summaries. */
    public String name() {
        return getClass().getSimpleName();
    }

    // ---- registration ----

    /**
     * Wraps {@code value} in a trainable {@link Variable} under {@code name} (PyTorch's {@code register_parameter}) and
     * returns it; the name must be new, non-empty and dot-free.
     */
    protected final Variable registerParameter(String name, Tensor value) {
        checkName(name);
        Variable p = new Variable(value, true);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers state that {@link #stateDict} saves and {@code to} moves but no optimiser trains, e.g. BatchNorm's running
     * mean (PyTorch's {@code register_buffer}); returns {@code value}.
     */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a sub-module under {@code name}, so its parameters and buffers appear as {@code name.*}; returns it for a field. */
    protected final <M extends Layer> M registerLayer(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Swaps a registered sub-module for another (e.g. a new classifier head); its parameters take the old name. */
    protected final <M extends Layer> M replaceLayer(String name, M module) {
        if (!children.containsKey(name)) throw new IllegalArgumentException(name() + ": no sub-module '" + name + "' to replace (have " + children.keySet() + ")");
        children.put(name, module);
        return module;
    }

    /**
     * Whether {@link #forward} just runs the direct sub-modules one after another in registration order,
     * so {@link #summary} can show one row per sub-module (true for {@link Sequential}-like models).
     */
    protected boolean childrenFormAChain() {
        return false;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException(name() + ": invalid name '" + name + "' (non-empty, no dots)");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(name() + ": '" + name + "' is already registered");
        }
    }

    /** Replaces a buffer's tensor (e.g. when loading state); the shape must match. */
    protected final void setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException(name() + ": no buffer '" + name + "'");
        buffers.put(name, value);
    }

    /** The current tensor of a buffer of this module (not its descendants), or null if none has that name. */
    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    // ---- traversal ----

    /** Direct sub-modules by name. */
    public Map<String, Layer> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** All parameters of this module and its descendants with their dotted names, in registration order. */
    public Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** The values of {@link #namedParameters}, frozen ones included (PyTorch's {@code parameters()}). */
    public List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The parameters that require grad (what an optimiser needs when part of the model is frozen). */
    public List<Variable> trainableParameters() {
        List<Variable> out = new ArrayList<>();
        for (Variable p : parameters()) if (p.requiresGrad()) out.add(p);
        return out;
    }

    /** All buffers with their dotted names. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Variable> params, Map<String, Tensor> bufs) {
        if (params != null) parameters.forEach((n, p) -> params.put(prefix + n, p));
        if (bufs != null) buffers.forEach((n, b) -> bufs.put(prefix + n, b));
        children.forEach((n, m) -> m.collect(prefix + n + ".", params, bufs));
    }

    /** Parameters and buffers by name (PyTorch's {@code state_dict()}), sharing storage with the module. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateDictInto("", out);
        return out;
    }

    private void stateDictInto(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p.data()));
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, m) -> m.stateDictInto(prefix + n + ".", out));
    }

    /**
     * Copies values into the parameters and buffers (cast to their dtype, moved to their device).
     * Strict mode reports every missing, unexpected and shape-mismatched key at once; non-strict mode
     * skips missing and unexpected keys but still refuses shape mismatches (as PyTorch). Nothing is
     * modified unless the whole load is valid.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        state.forEach((key, tensor) -> shapes.put(key, tensor.dims()));
        checkStateDict(shapes, strict);
        try (var noGrad = Grad.disabled()) {
            for (var e : stateDict().entrySet()) {
                Tensor given = state.get(e.getKey());
                if (given != null) e.getValue().copyFrom(given.to(e.getValue().device()));
            }
        }
    }

    /**
     * Checks that a state dict with these keys and shapes can be loaded, and throws an
     * {@link IllegalArgumentException} that lists every problem when it cannot (what
     * {@link #loadStateDict} checks before it copies anything; file loaders check a header with it).
     */
    public void checkStateDict(Map<String, int[]> shapes, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (var e : own.entrySet()) {
            int[] given = shapes.get(e.getKey());
            if (given == null) {
                if (strict) problems.add("missing key '" + e.getKey() + "'");
            } else if (!Arrays.equals(given, e.getValue().dims())) {
                problems.add("shape mismatch for '" + e.getKey() + "': expected " + Arrays.toString(e.getValue().dims()) + ", got " + Arrays.toString(given));
            }
        }
        if (strict) for (String key : shapes.keySet()) if (!own.containsKey(key)) problems.add("unexpected key '" + key + "'");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(name() + ".loadStateDict: " + problems.size() + " problem(s), nothing loaded:\n  " + String.join("\n  ", problems));
        }
    }

    // ---- modes ----

    /** Training mode: Dropout drops, BatchNorm uses batch statistics. Applies to all sub-modules. */
    public Layer train() {
        return setTraining(true);
    }

    /** Evaluation mode: Dropout is the identity, BatchNorm uses running statistics. */
    public Layer eval() {
        return setTraining(false);
    }

    /** Training mode when {@code on}, evaluation mode otherwise, for this module and all its sub-modules; returns this. */
    public Layer setTraining(boolean on) {
        training = on;
        for (Layer m : children.values()) m.setTraining(on);
        return this;
    }

    /** Whether this module is in training mode (true after construction). */
    public boolean isTraining() {
        return training;
    }

    /** Clears every parameter's gradient. */
    public void zeroGrad() {
        for (Variable p : parameters()) p.zeroGrad();
    }

    /**
     * Turns training of all parameters of this module and its descendants on or off (freezing a
     * pretrained part, PyTorch's {@code requires_grad_(False)}): frozen parameters get no gradient,
     * and optimisers skip them. BatchNorm's running statistics still update in training mode, as in
     * PyTorch; call {@link #eval()} on a frozen part to keep them fixed too.
     */
    public Layer requiresGrad(boolean on) {
        for (Variable p : parameters()) p.setRequiresGrad(on);
        return this;
    }

    /** Moves parameters and buffers to a device. */
    public Layer to(Device device) {
        // the same Variables, holding moved tensors: the layers' fields (weight, bias) and an optimizer's
        // references keep pointing at them
        for (Variable p : parameters.values()) if (!p.data().device().equals(device)) p.setData(p.data().to(device));
        buffers.replaceAll((n, b) -> b.to(device));
        for (Layer m : children.values()) m.to(device);
        return this;
    }

    /**
     * Casts every floating-point parameter and buffer of this module and its children to {@code dtype}
     * (PyTorch's {@code module.to(torch.float64)}), in place; integer buffers such as BatchNorm's
     * {@code num_batches_tracked} keep theirs. An optimizer built before this call keeps working: its
     * state follows each parameter's dtype at its next step.
     */
    public Layer to(DType dtype) {
        if (!dtype.isFloatingPoint()) throw new IllegalArgumentException(name() + ".to: parameters are floating-point; expected FLOAT32 or FLOAT64, got " + dtype);
        for (Variable p : parameters.values()) if (p.data().dtype() != dtype) p.setData(p.data().to(dtype));
        buffers.replaceAll((n, b) -> b.dtype().isFloatingPoint() ? b.to(dtype) : b);
        for (Layer m : children.values()) m.to(dtype);
        return this;
    }

    /** Total number of parameter elements. */
    public long parameterCount() {
        long n = 0;
        for (Variable p : parameters()) n += p.data().numel();
        return n;
    }

    /**
     * A Keras-like table of each layer's output shape and parameter count for a batch of the given
     * input shape (without the batch axis), computed by running one sample through the model.
     */
    public String summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }

    @Override
    public String toString() {
        if (children.isEmpty()) return name() + "(" + extraRepr() + ")";
        StringBuilder sb = new StringBuilder(name() + "(\n");
        children.forEach((n, m) -> sb.append("  (").append(n).append("): ").append(m.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }

    /** Layer settings shown by toString, e.g. "in=784, out=10". */
    protected String extraRepr() {
        return "";
    }

    /** A variable's shape as {@code [2, 3]}, for error messages. */
    protected static String shapeOf(Variable v) {
        return Arrays.toString(v.data().dims());
    }
}
