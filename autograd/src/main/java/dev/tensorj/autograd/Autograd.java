package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Functional autograd, like {@code torch.autograd.grad}. */
public final class Autograd {
    private Autograd() {
    }

    /**
     * d(output)/d(inputs), returned instead of accumulated into {@code grad()}. {@code gradOutput} may be
     * null for a one-element output. With {@code createGraph} the returned gradients are themselves
     * differentiable (for second derivatives). An input the output does not depend on gets zeros.
     */
    public static List<Variable> grad(Variable output, List<Variable> inputs, Tensor gradOutput, boolean createGraph) {
        Map<Variable, Variable> capture = new IdentityHashMap<>();
        for (Variable v : inputs) {
            if (!v.isLeaf()) throw new IllegalArgumentException("Autograd.grad: inputs must be leaves (create them with new Variable(tensor, true))");
            capture.put(v, null);
        }
        Engine.run(output, gradOutput, createGraph, createGraph, capture);
        List<Variable> grads = new ArrayList<>();
        for (Variable v : inputs) {
            Variable g = capture.get(v);
            grads.add(g != null ? g : new Variable(v.data().zerosLike(), false));
        }
        return grads;
    }
}
