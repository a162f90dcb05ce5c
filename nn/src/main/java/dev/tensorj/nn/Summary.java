package dev.tensorj.nn;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Keras' {@code model.summary()}: for a {@link Sequential}, one row per layer with its output shape
 * (batch shown as None) and parameter count; so do modules whose direct children form a chain
 * ({@link Module#childrenFormAChain()}); other modules get one row; then the totals.
 */
final class Summary {
    private Summary() {
    }

    static String of(Module model, int... inputShape) {
        int[] withBatch = new int[inputShape.length + 1];
        withBatch[0] = 1;
        System.arraycopy(inputShape, 0, withBatch, 1, inputShape.length);
        StringBuilder sb = new StringBuilder();
        String line = "_".repeat(72) + "\n";
        sb.append(String.format(Locale.ROOT, "%-34s %-24s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(72)).append('\n');
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Grad.disabled()) {
            Variable x = new Variable(Tensor.zeros(withBatch), false);
            if (model instanceof Sequential seq) {
                for (int i = 0; i < seq.size(); i++) {
                    Module layer = seq.get(i);
                    x = Layers.call(layer, Integer.toString(i), x);
                    sb.append(row(i + " (" + layer.name() + ")", x, layer.parameterCount())).append(line);
                }
            } else if (model.childrenFormAChain()) {
                for (var child : model.children().entrySet()) {
                    x = Layers.call(child.getValue(), child.getKey(), x);
                    sb.append(row(child.getKey() + " (" + child.getValue().name() + ")", x, child.getValue().parameterCount())).append(line);
                }
            } else {
                Variable out = model.forward(x);
                sb.append(row(model.name(), out, model.parameterCount())).append(line);
            }
        } finally {
            model.setTraining(wasTraining);
        }
        long trainable = 0;
        for (Variable p : model.parameters()) if (p.requiresGrad()) trainable += p.data().numel();
        sb.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n",
                model.parameterCount(), trainable, model.parameterCount() - trainable));
        return sb.toString();
    }

    private static String row(String name, Variable out, long params) {
        int[] dims = out.data().dims();
        String shape = "(None" + (dims.length > 1 ? ", " + Arrays.toString(Arrays.copyOfRange(dims, 1, dims.length)).replaceAll("[\\[\\]]", "") : "") + ")";
        return String.format(Locale.ROOT, "%-34s %-24s %,12d%n", name, shape, params);
    }
}
