package dev.tensorj.nn;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Keras' {@code model.summary()}: for a {@link Sequential}, one row per layer with its output shape
 * (batch shown as None) and parameter count; so do modules whose direct children form a chain
 * ({@link Layer#childrenFormAChain()}); a {@link TwoInputModel} the rows of its two
 * branches, the join and its trunk; other modules get one row; then the totals.
 */
final class Summary {
    private Summary() {
    }

    static String of(Layer model, int... inputShape) {
        int[] withBatch = new int[inputShape.length + 1];
        withBatch[0] = 1;
        System.arraycopy(inputShape, 0, withBatch, 1, inputShape.length);
        StringBuilder sb = header();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Grad.disabled()) {
            Variable x = new Variable(Tensor.zeros(withBatch), false);
            if (model instanceof Sequential seq) {
                chain("", seq, x, sb);
            } else if (model.childrenFormAChain()) {
                for (var child : model.children().entrySet()) {
                    x = Layers.call(child.getValue(), child.getKey(), x);
                    sb.append(row(child.getKey() + " (" + child.getValue().name() + ")", x, child.getValue().parameterCount())).append(LINE);
                }
            } else {
                Variable out = model.forward(x);
                sb.append(row(model.name(), out, model.parameterCount())).append(LINE);
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return totals(model, sb);
    }

    /** The rows of a two-input model: each branch's layers, the join, the trunk's layers. */
    static String ofTwoInputs(TwoInputModel model, Tensor firstSample, Tensor secondSample) {
        StringBuilder sb = header();
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var noGrad = Grad.disabled()) {
            Variable first = new Variable(firstSample, false), second = new Variable(secondSample, false);
            sb.append(row("input_1 (first)", first, 0)).append(LINE);
            first = chain("first.", model.firstBranch(), first, sb);
            sb.append(row("input_2 (second)", second, 0)).append(LINE);
            second = chain("second.", model.secondBranch(), second, sb);
            Variable joined = model.children().get("concatenate").forward(first, second);
            sb.append(row("concatenate (Concatenate)", joined, 0)).append(LINE);
            chain("trunk.", model.trunk(), joined, sb);
        } finally {
            model.setTraining(wasTraining);
        }
        return totals(model, sb);
    }

    private static final String LINE = "_".repeat(72) + "\n";

    private static StringBuilder header() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-34s %-24s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append("=".repeat(72)).append('\n');
        return sb;
    }

    /** Runs x through a module, one row per layer of a Sequential (named prefix + index), one row otherwise. */
    private static Variable chain(String prefix, Layer module, Variable x, StringBuilder sb) {
        if (module instanceof Sequential seq) {
            for (int i = 0; i < seq.size(); i++) {
                Layer layer = seq.get(i);
                x = Layers.call(layer, prefix + i, x);
                sb.append(row(prefix + i + " (" + layer.name() + ")", x, layer.parameterCount())).append(LINE);
            }
            return x;
        }
        Variable out = module.forward(x);
        sb.append(row(prefix.isEmpty() ? module.name() : prefix.substring(0, prefix.length() - 1) + " (" + module.name() + ")", out, module.parameterCount())).append(LINE);
        return out;
    }

    private static String totals(Layer model, StringBuilder sb) {
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
