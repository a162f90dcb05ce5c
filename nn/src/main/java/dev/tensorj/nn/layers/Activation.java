package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Module;

import java.util.function.UnaryOperator;

/** Parameter-free activation layers, each a named wrapper of one Variable op. */
public final class Activation extends Module {
    private final String name;
    private final UnaryOperator<Variable> function;

    private Activation(String name, UnaryOperator<Variable> function) {
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

    /** max(x, 0). */
    public static Activation relu() {
        return new Activation("ReLU", Variable::relu);
    }

    /** x for x &gt; 0, slope * x otherwise (Keras' default slope is 0.3, PyTorch's 0.01). */
    public static Activation leakyRelu(double negativeSlope) {
        return new Activation("LeakyReLU", x -> x.leakyRelu(negativeSlope));
    }

    public static Activation sigmoid() {
        return new Activation("Sigmoid", Variable::sigmoid);
    }

    public static Activation tanh() {
        return new Activation("Tanh", Variable::tanh);
    }

    /** x for x &gt; 0, alpha (e^x - 1) otherwise. */
    public static Activation elu(double alpha) {
        return new Activation("ELU", x -> x.elu(alpha));
    }

    /** Softmax along an axis (the class axis: 1 for [N, C]). */
    public static Activation softmax(int axis) {
        return new Activation("Softmax", x -> x.softmax(axis));
    }

    public static Activation logSoftmax(int axis) {
        return new Activation("LogSoftmax", x -> x.logSoftmax(axis));
    }
}
