package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;

import java.util.function.UnaryOperator;

/** A parameter-free layer that applies one function (activations, pooling, upsampling), with a name for summaries. */
public final class FunctionLayer extends Layer {
    private final String name;
    private final UnaryOperator<Variable> function;

    /** A layer named {@code name} (shown by {@code summary()} and {@code toString()}) that applies {@code function}. */
    public FunctionLayer(String name, UnaryOperator<Variable> function) {
        this.name = name;
        this.function = function;
    }

    @Override
    public Variable forward(Variable x) {
        return function.apply(x);
    }

    @Override
    public String name() {
        return name;
    }
}
