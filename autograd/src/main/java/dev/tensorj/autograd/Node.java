package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A node of the graph: the op that made a Variable, its inputs, and the rule that turns the gradient
 * of its output into gradients of its inputs (the chain rule, one op at a time).
 *
 * <p>Ops create nodes through {@link #record}: it computes nothing itself, it only remembers. The
 * backward rule reads the inputs and output through {@link Context}, which checks their version
 * counters: a tensor modified in place after the forward pass would give a silently wrong gradient,
 * so it is an error instead (PyTorch's behaviour).
 */
public final class Node {
    /** dL/d(inputs) from dL/d(output). Entries may be null for inputs that need no gradient. */
    @FunctionalInterface
    public interface BackwardRule {
        /** The gradients of the op's inputs given the gradient of its output; entries may be null for inputs that need none. */
        Variable[] apply(Context ctx, Variable gradOutput);
    }

    private final String opName;
    private Variable[] inputs;
    private final int[] inputVersions;
    private BackwardRule rule;
    private Variable output; // set right after creation
    private int outputVersion;
    private final String creationTrace;
    final List<UnaryOperator<Tensor>> outputHooks = new ArrayList<>();
    private boolean freed;

    private Node(String opName, Variable[] inputs, BackwardRule rule) {
        this.opName = opName;
        this.inputs = inputs;
        this.rule = rule;
        this.inputVersions = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) inputVersions[i] = inputs[i].data().version();
        this.creationTrace = Anomaly.isEnabled() ? Anomaly.creationTrace() : null;
    }

    /**
     * The result of an op: {@code outputData} wrapped in a Variable that remembers how it was made, when
     * grad mode is on and some input requires grad; a plain Variable otherwise.
     */
    public static Variable record(String opName, Tensor outputData, BackwardRule rule, Variable... inputs) {
        if (Anomaly.isEnabled() && Anomaly.hasNonFinite(outputData)) {
            Node running = Engine.runningBackward();
            if (running != null) {
                throw new ArithmeticException("anomaly: the backward of '" + running.opName() + "' produced NaN or Inf (in its '" + opName + "' step)"
                        + (running.creationTrace() != null ? "; the op was created" + running.creationTrace() : ""));
            }
            throw new ArithmeticException("anomaly: the forward of '" + opName + "' produced NaN or Inf" + Anomaly.creationTrace());
        }
        boolean needsGrad = false;
        if (Grad.isEnabled()) {
            for (Variable v : inputs) needsGrad |= v.requiresGrad();
        }
        if (!needsGrad) return new Variable(outputData, false);
        Node node = new Node(opName, inputs.clone(), rule);
        Variable out = new Variable(outputData, node);
        node.output = out;
        node.outputVersion = outputData.version();
        return out;
    }

    /** The name of the op that made this node (e.g. {@code "matmul"}), shown in errors, graphs and anomaly reports. */
    public String opName() {
        return opName;
    }

    /** The inputs (empty once the graph is freed). */
    public List<Variable> inputs() {
        return inputs == null ? List.of() : List.of(inputs);
    }

    /** Where the node was created, when anomaly mode was on; else null. */
    public String creationTrace() {
        return creationTrace;
    }

    boolean isFreed() {
        return freed;
    }

    /** Drops the references the backward needed (after a backward without retainGraph). */
    void free() {
        freed = true;
        inputs = null;
        rule = null;
    }

    Variable[] backward(Variable gradOutput) {
        if (freed) {
            throw new IllegalStateException("backward: trying to go through the graph a second time: the node of '" + opName
                    + "' was freed by an earlier backward; call backward(gradient, retainGraph = true, ...) the first time if you need to");
        }
        return rule.apply(new Context(), gradOutput);
    }

    Variable[] inputsArray() {
        return inputs;
    }

    /** What a backward rule may read. */
    public final class Context {
        private Context() {
        }

        /** Input i, checked for in-place modification since the forward pass. */
        public Variable input(int i) {
            Variable v = inputs[i];
            int now = v.data().version();
            if (now != inputVersions[i]) {
                throw new IllegalStateException("backward of '" + opName + "': input " + i + " (shape " + v.data().shape()
                        + ") was modified in place after the forward pass (version " + now + ", expected " + inputVersions[i]
                        + "); its gradient would be wrong. Compute on a copy, or modify it after backward");
            }
            return v;
        }

        /** The op's output, checked like the inputs. */
        public Variable output() {
            int now = output.data().version();
            if (now != outputVersion) {
                throw new IllegalStateException("backward of '" + opName + "': its output was modified in place after the forward pass (version "
                        + now + ", expected " + outputVersion + ")");
            }
            return output;
        }

        /** The shape of input i (no version check: shapes cannot change in place). */
        public int[] inputShape(int i) {
            return inputs[i].data().dims();
        }

        /** Whether input i requires a gradient; a rule may skip computing the gradients of those that do not. */
        public boolean needsGrad(int i) {
            return inputs[i].requiresGrad();
        }
    }

    @Override
    public String toString() {
        return opName + "Backward";
    }
}
