package dev.tensorj.autograd;


import dev.tensorj.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation: walk the graph from the output back to the leaves in reverse
 * topological order, so that a node runs its backward rule only after every path into its output
 * has delivered its share of the gradient (shares add up where a value fans out).
 */
final class Engine {
    /** The node whose backward rule is running on this thread (for anomaly messages). */
    private static final ThreadLocal<Node> RUNNING = new ThreadLocal<>();

    private Engine() {
    }

    static Node runningBackward() {
        return RUNNING.get();
    }

    static void backward(Variable root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        run(root, gradient, retainGraph, createGraph, null);
    }

    /**
     * The backward pass. With {@code capture} (leaf to gradient), gradients of the leaves in it are
     * stored there instead of being accumulated into {@code leaf.grad()} ({@link Autograd#grad}).
     */
    static void run(Variable root, Tensor gradient, boolean retainGraph, boolean createGraph, Map<Variable, Variable> capture) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: this Variable does not require grad and has no graph; mark an input with requiresGrad = true");
        }
        if (gradient == null) {
            if (root.data().numel() != 1) {
                throw new IllegalArgumentException("backward: an implicit gradient exists only for one-element outputs, got shape "
                        + root.data().shape() + "; pass backward(gradient)");
            }
            gradient = root.data().onesLike();
        } else if (!gradient.shape().equals(root.data().shape())) {
            throw new IllegalArgumentException("backward: gradient of shape " + gradient.shape() + " does not match the output's shape " + root.data().shape());
        } else if (gradient.dtype() != root.data().dtype()) {
            gradient = gradient.to(root.data().dtype());
        }
        Variable rootGradient = new Variable(gradient, false);
        // storages that must not become a leaf's .grad as they are: the caller's gradient, and those
        // already adopted by another leaf in this pass (two leaves must never share a gradient's memory)
        List<Tensor> taken = new ArrayList<>(List.of(gradient));
        if (root.gradFn() == null) { // a leaf
            deliver(root, runHooks(root.hooks(), rootGradient), createGraph, capture, false);
            return;
        }
        List<Node> order = topologicalOrder(root.gradFn());
        Map<Node, Variable> pending = new IdentityHashMap<>();
        pending.put(root.gradFn(), rootGradient);
        try (var mode = createGraph ? Grad.enabled() : Grad.disabled()) {
            for (Node node : order) {
                Variable gradOutput = pending.remove(node);
                if (gradOutput == null) continue; // no path from the root carried a gradient here
                gradOutput = runHooks(node.outputHooks, gradOutput);
                Variable[] inputs = node.inputsArray();
                Variable[] gradInputs;
                Node outer = RUNNING.get();
                RUNNING.set(node);
                try {
                    gradInputs = node.backward(gradOutput);
                } finally {
                    RUNNING.set(outer);
                }
                for (int i = 0; i < inputs.length; i++) {
                    Variable input = inputs[i];
                    if (!input.requiresGrad() || gradInputs[i] == null) continue;
                    Variable g = castTo(sumToShape(gradInputs[i], input.data().dims()), input.data().dtype());
                    if (Anomaly.isEnabled() && Anomaly.hasNonFinite(g.data())) {
                        throw new ArithmeticException("anomaly: the backward of '" + node.opName() + "' produced NaN or Inf in the gradient of input " + i
                                + (node.creationTrace() != null ? "; the op was created" + node.creationTrace() : ""));
                    }
                    if (input.gradFn() == null) {
                        boolean adopt = mayAdopt(input, g.data(), retainGraph, taken);
                        deliver(input, runHooks(input.hooks(), g), createGraph, capture, adopt);
                    } else {
                        pending.merge(input.gradFn(), g, Variable::add);
                    }
                }
                if (!retainGraph) node.free();
            }
        }
    }

    /**
     * Whether a leaf may keep the gradient tensor a backward rule produced instead of a copy: when the
     * graph is freed (no saved tensor lives on), the leaf has no hooks, and the tensor owns its whole
     * contiguous storage, which neither the caller's gradient nor another leaf's gradient uses.
     */
    private static boolean mayAdopt(Variable leaf, Tensor g, boolean retainGraph, List<Tensor> taken) {
        if (retainGraph || !leaf.hooks().isEmpty() || leaf.grad() != null || !g.coversItsStorage()) return false;
        for (Tensor t : taken) if (t.sharesMemoryWith(g)) return false;
        taken.add(g);
        return true;
    }

    private static void deliver(Variable leaf, Variable g, boolean createGraph, Map<Variable, Variable> capture, boolean adopt) {
        g = castTo(g, leaf.data().dtype()); // a hook may have returned another dtype
        if (capture == null) {
            leaf.accumulate(g, createGraph, adopt);
        } else if (capture.containsKey(leaf)) {
            capture.merge(leaf, g, (old, add) -> old == null ? add : old.add(add));
        }
    }

    private static Variable runHooks(List<java.util.function.UnaryOperator<Tensor>> hooks, Variable g) {
        if (hooks.isEmpty()) return g;
        Tensor t = g.data();
        for (var hook : hooks) {
            Tensor replaced = hook.apply(t);
            if (replaced != null) t = replaced;
        }
        return t == g.data() ? g : new Variable(t, false);
    }

    /**
     * The gradient in the dtype of the value it is the gradient of, as PyTorch's engine does at every edge:
     * a float64 input to a float32 model leaves float32 gradients on its parameters (that an optimiser can
     * apply), and a float32 input to a float64 model float64 ones. The cast is recorded under
     * {@code createGraph}, so second derivatives flow back through it.
     */
    static Variable castTo(Variable g, dev.tensorj.tensor.DType dtype) {
        if (g.data().dtype() == dtype) return g;
        dev.tensorj.tensor.DType from = g.data().dtype();
        return Node.record("cast", g.data().to(dtype), (ctx, gg) -> new Variable[] {castTo(gg, from)}, g);
    }

    /**
     * Nodes ordered so that each comes before the nodes of its inputs (a reverse post-order of an
     * iterative depth-first search: no recursion, so a 100,000-step chain is fine).
     */
    static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>(); // {node, next input index}
        stack.push(new Object[] {root, 0});
        visited.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            if (node.isFreed()) {
                throw new IllegalStateException("backward: trying to go through the graph a second time: the node of '" + node.opName()
                        + "' was freed by an earlier backward; pass retainGraph = true to the first backward if you need to");
            }
            Variable[] inputs = node.inputsArray();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Node child = inputs[next].gradFn();
                if (child != null && visited.add(child)) stack.push(new Object[] {child, 0});
            } else {
                stack.pop();
                postOrder.add(node);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    /**
     * Sums a broadcast gradient back to the shape of the input it flows to: over the leading axes the
     * broadcast added, and over the axes where the input had size 1.
     */
    static Variable sumToShape(Variable g, int[] shape) {
        int[] gShape = g.data().dims();
        if (Arrays.equals(gShape, shape)) return g;
        int lead = gShape.length - shape.length;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < gShape.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gShape[i] != 1)) axes.add(i);
        }
        Variable summed = axes.isEmpty() ? g : g.sum(axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return summed.reshape(shape);
    }
}
