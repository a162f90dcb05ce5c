package dev.tensorj.nn.layers;

import dev.tensorj.autograd.F;
import dev.tensorj.autograd.Variable;

/** Parameter-free activation layers, each a {@link FunctionLayer} applying one Variable op. */
public final class Activation {
    private Activation() {
    }

    /** max(x, 0). */
    public static FunctionLayer relu() {
        return new FunctionLayer("ReLU", Variable::relu);
    }

    /** x for x &gt; 0, slope * x otherwise (Keras' default slope is 0.3, PyTorch's 0.01). */
    public static FunctionLayer leakyRelu(double negativeSlope) {
        return new FunctionLayer("LeakyReLU", x -> F.leakyRelu(x, negativeSlope));
    }

    /** The logistic function 1 / (1 + e^-x), in (0, 1) ({@code nn.Sigmoid}). */
    public static FunctionLayer sigmoid() {
        return new FunctionLayer("Sigmoid", Variable::sigmoid);
    }

    /** The hyperbolic tangent, in (-1, 1) ({@code nn.Tanh}). */
    public static FunctionLayer tanh() {
        return new FunctionLayer("Tanh", Variable::tanh);
    }

    /** x for x &gt; 0, alpha (e^x - 1) otherwise. */
    public static FunctionLayer elu(double alpha) {
        return new FunctionLayer("ELU", x -> x.elu(alpha));
    }

    /** Softmax along an axis (the class axis: 1 for [N, C]). */
    public static FunctionLayer softmax(int axis) {
        return new FunctionLayer("Softmax", x -> x.softmax(axis));
    }

    /** log(softmax(x)) along an axis, computed stably; pair it with an NLL loss ({@code nn.LogSoftmax(dim)}). */
    public static FunctionLayer logSoftmax(int axis) {
        return new FunctionLayer("LogSoftmax", x -> x.logSoftmax(axis));
    }
}
