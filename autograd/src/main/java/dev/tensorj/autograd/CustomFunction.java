package dev.tensorj.autograd;

import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Write your own differentiable op: compute the forward with tensors, save what the backward needs,
 * and return dL/d(input) for each input from dL/d(output). Check it with {@link GradCheck}:
 * <pre>
 * class Cube extends CustomFunction {
 *     protected Tensor forward(Context ctx, Tensor... x) { ctx.saveForBackward(x[0]); return x[0].pow(3); }
 *     protected Tensor[] backward(Context ctx, Tensor g) { Tensor x = ctx.saved(0); return new Tensor[] {g.mul(x.square()).mul(3)}; }
 * }
 * GradCheck.check(v -&gt; new Cube().apply(v), Tensor.randn(3, 4));
 * </pre>
 * Backward rules written with tensors are first-order only (for second order, compose Variable ops).
 */
public abstract class CustomFunction {

    /** What forward leaves for backward; saved tensors are checked for in-place changes. */
    public static final class Context {
        private final List<Tensor> saved = new ArrayList<>();
        private final List<Integer> versions = new ArrayList<>();
        private final String opName;

        Context(String opName) {
            this.opName = opName;
        }

        /** Keeps tensors for backward (inputs or output), remembering their versions so an in-place change after forward is caught. */
        public void saveForBackward(Tensor... tensors) {
            for (Tensor t : tensors) {
                saved.add(t);
                versions.add(t.version());
            }
        }

        /** The i-th tensor saved by {@link #saveForBackward}, in the order saved; throws if it was modified in place since. */
        public Tensor saved(int i) {
            Tensor t = saved.get(i);
            if (t.version() != versions.get(i)) {
                throw new IllegalStateException("backward of '" + opName + "': saved tensor " + i + " was modified in place after the forward pass");
            }
            return t;
        }
    }

    /** The op's name in graphs and errors (the class name by default). */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * The op on plain tensors, one output from the inputs (data of the Variables passed to {@link #apply}); save what backward needs in
     * {@code ctx}.
     */
    protected abstract Tensor forward(Context ctx, Tensor... inputs);

    /** One gradient per input (null where none is needed), each of its input's shape. */
    protected abstract Tensor[] backward(Context ctx, Tensor gradOutput);

    /** Runs forward and records the op in the graph. */
    public final Variable apply(Variable... inputs) {
        Context ctx = new Context(name());
        Tensor[] data = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) data[i] = inputs[i].data();
        Tensor out;
        try (var noGrad = Grad.disabled()) {
            out = forward(ctx, data);
        }
        return Node.record(name(), out, (c, g) -> {
            Tensor[] grads = backward(ctx, g.data());
            if (grads.length != inputs.length) {
                throw new IllegalStateException(name() + ".backward returned " + grads.length + " gradients for " + inputs.length + " inputs");
            }
            Variable[] result = new Variable[grads.length];
            for (int i = 0; i < grads.length; i++) result[i] = grads[i] == null ? null : new Variable(grads[i], false);
            return result;
        }, inputs);
    }
}
