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

    /**
     * Backward from several outputs at once (PyTorch's {@code torch.autograd.backward(tensors, grad_tensors)}):
     * accumulates into the leaves' {@code grad()} the sum of each output's vector-Jacobian product with its
     * gradient. A null gradient stands for 1 and needs a one-element output.
     */
    public static void backward(List<Variable> outputs, List<Tensor> gradOutputs) {
        backward(outputs, gradOutputs, false, false);
    }

    /** The full form of {@link #backward(List, List)}: keep the graph, or record the backward for second derivatives. */
    public static void backward(List<Variable> outputs, List<Tensor> gradOutputs, boolean retainGraph, boolean createGraph) {
        Variable total = weightedSum("Autograd.backward", outputs, gradOutputs);
        Engine.backward(total, null, retainGraph || createGraph, createGraph);
    }

    /**
     * d(outputs)/d(inputs) for several outputs (PyTorch's {@code torch.autograd.grad(outputs, inputs,
     * grad_outputs, retain_graph, create_graph)}): the sum over outputs of each one's vector-Jacobian product,
     * returned instead of accumulated. Inputs the outputs do not depend on get zeros.
     */
    public static List<Variable> grad(List<Variable> outputs, List<Variable> inputs, List<Tensor> gradOutputs,
                                      boolean retainGraph, boolean createGraph) {
        Variable total = weightedSum("Autograd.grad", outputs, gradOutputs);
        Map<Variable, Variable> capture = new IdentityHashMap<>();
        for (Variable v : inputs) {
            if (!v.isLeaf()) throw new IllegalArgumentException("Autograd.grad: inputs must be leaves (create them with new Variable(tensor, true))");
            capture.put(v, null);
        }
        Engine.run(total, null, retainGraph || createGraph, createGraph, capture);
        List<Variable> grads = new ArrayList<>();
        for (Variable v : inputs) {
            Variable g = capture.get(v);
            grads.add(g != null ? g : new Variable(v.data().zerosLike(), false));
        }
        return grads;
    }

    /**
     * Σ_i sum(output_i * gradOutput_i): its gradient with respect to anything is the sum of the outputs'
     * vector-Jacobian products, so one backward from it is the backward from all the outputs.
     */
    private static Variable weightedSum(String op, List<Variable> outputs, List<Tensor> gradOutputs) {
        if (outputs.isEmpty()) throw new IllegalArgumentException(op + ": no outputs");
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException(op + ": " + outputs.size() + " outputs but " + gradOutputs.size() + " gradients");
        }
        Variable total = null;
        for (int i = 0; i < outputs.size(); i++) {
            Variable out = outputs.get(i);
            if (!out.requiresGrad()) continue;
            Tensor g = gradOutputs == null ? null : gradOutputs.get(i);
            Variable term;
            if (g == null) {
                if (out.data().numel() != 1) {
                    throw new IllegalArgumentException(op + ": output " + i + " has shape " + out.data().shape() + "; give its gradient (only one-element outputs may omit it)");
                }
                term = out.sum();
            } else {
                if (!java.util.Arrays.equals(g.dims(), out.data().dims())) {
                    throw new IllegalArgumentException(op + ": output " + i + " has shape " + out.data().shape() + " but its gradient " + g.shape());
                }
                term = out.mul(Variable.constant(g.to(out.data().dtype()).to(out.data().device()))).sum();
            }
            total = total == null ? term : total.add(term);
        }
        if (total == null) throw new IllegalStateException(op + ": none of the " + outputs.size() + " outputs requires grad");
        return total;
    }
}
