package dev.tensorj.nn.models;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole network on the fast CPU backend against the same network on the reference: one training-mode forward and
 * backward each, the output and every parameter's gradient compared. Each fast kernel has its own conformance test;
 * this checks them composed, with the layouts one layer hands the next, as a training step runs them.
 */
final class FastAndReference {
    private FastAndReference() {
    }

    /**
     * Builds the network twice with {@code model} (so both start from the same weights), runs {@code forward} on each
     * backend, and asserts that every result agrees within 1e-4 of its largest magnitude (float rounding of different
     * summation orders stays near 1e-6). A gradient that is zero in exact arithmetic (a convolution's bias before batch
     * norm, which removes every channel's mean) holds only rounding noise on both backends: it is compared at a
     * thousandth of the largest gradient's scale instead.
     *
     * <p>One thing other than a wrong kernel fails this check: a ReLU or LeakyReLU input within rounding of zero that
     * falls on the other side on one backend. Its slope then differs there, and the gradient behind that one value
     * moves every parameter before it by far more than rounding (the cGAN generator, with a change to the order of a
     * convolution's sums: one of 200,704 pre-activations at -3.7e-9 against the reference's +3.1e-8, the first weight
     * gradient off by 1.5e-3 of its largest value). Before blaming a kernel whose own conformance test passes, compare
     * the signs of the activations' inputs on both backends.
     */
    static void assertAgree(String what, Supplier<Layer> model, Function<Layer, Variable> forward) {
        Map<String, Tensor> fast = outputAndGradients(model, forward);
        Map<String, Tensor> reference;
        try (var scope = Backends.useCpu(ReferenceBackend.INSTANCE)) {
            reference = outputAndGradients(model, forward);
        }
        assertEquals(reference.keySet(), fast.keySet());
        double largest = reference.values().stream().mapToDouble(t -> t.abs().max().item()).max().orElse(0);
        assertTrue(largest > 0, what + ": the reference's output and gradients are all zero");
        for (String name : reference.keySet()) {
            Tensor expected = reference.get(name), actual = fast.get(name);
            double scale = Math.max(expected.abs().max().item(), 1e-3 * largest), difference = actual.sub(expected).abs().max().item();
            assertTrue(difference <= 1e-4 * scale, what + " " + name + ": fast and reference differ by " + difference + " (largest value " + scale
                    + "; if every kernel's conformance test passes, look for a ReLU-family input near zero: see FastAndReference)");
        }
    }

    /** The output of a training-mode forward, and every parameter's gradient of sum(output * R) for a fixed random R. */
    private static Map<String, Tensor> outputAndGradients(Supplier<Layer> model, Function<Layer, Variable> forward) {
        Layer net = model.get();
        net.train();
        Variable out = forward.apply(net);
        Tensor weights = Tensor.randn(new Generator(9), out.data().dims());
        out.mul(new Variable(weights, false)).sum().backward();
        Map<String, Tensor> result = new LinkedHashMap<>();
        result.put("output", out.data().copy());
        net.namedParameters().forEach((name, p) -> result.put(name + " gradient", p.grad().copy()));
        return result;
    }
}
