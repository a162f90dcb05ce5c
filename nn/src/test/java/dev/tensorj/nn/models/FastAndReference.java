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
     * summation orders stays near 1e-6).
     */
    static void assertAgree(String what, Supplier<Layer> model, Function<Layer, Variable> forward) {
        Map<String, Tensor> fast = outputAndGradients(model, forward);
        Map<String, Tensor> reference;
        try (var scope = Backends.useCpu(ReferenceBackend.INSTANCE)) {
            reference = outputAndGradients(model, forward);
        }
        assertEquals(reference.keySet(), fast.keySet());
        for (String name : reference.keySet()) {
            Tensor expected = reference.get(name), actual = fast.get(name);
            double scale = expected.abs().max().item(), difference = actual.sub(expected).abs().max().item();
            assertTrue(scale > 0, what + " " + name + ": the reference's values are all zero");
            assertTrue(difference <= 1e-4 * scale, what + " " + name + ": fast and reference differ by " + difference + " (largest value " + scale + ")");
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
