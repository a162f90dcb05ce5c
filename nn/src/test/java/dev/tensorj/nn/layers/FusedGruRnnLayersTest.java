package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GRU and RNN layers on their fused sequence nodes against the same layers unrolled into composite
 * cells (the old path, kept as the oracle): outputs, final states, and the gradients of the input, the
 * initial state and every parameter, over stacked layers, both directions and both layouts.
 */
class FusedGruRnnLayersTest {

    private static RecurrentLayer layer(String kind, boolean batchFirst, boolean bidirectional, boolean unrolled) {
        Generator g = new Generator(17); // same seed: both layers get the same weights
        return switch (kind) {
            case "gru" -> new GRU(4, 5, 2, batchFirst, bidirectional, 0, g).unrolled(unrolled);
            case "rnn" -> new RNN(4, 5, 2, batchFirst, bidirectional, 0, false, g).unrolled(unrolled);
            default -> new RNN(4, 5, 2, batchFirst, bidirectional, 0, true, g).unrolled(unrolled);
        };
    }

    @ParameterizedTest(name = "{0}, batchFirst {1}, bidirectional {2}")
    @CsvSource({"gru, false, false", "gru, true, true", "rnn, false, true", "rnn, true, false", "rnnRelu, true, true"})
    void fusedLayersGiveTheUnrolledOutputsAndGradients(String kind, boolean batchFirst, boolean bidirectional) {
        int steps = 9, batch = 3, directions = bidirectional ? 2 : 1;
        Generator g = new Generator(18);
        Tensor x = batchFirst ? Tensor.randn(g, batch, steps, 4) : Tensor.randn(g, steps, batch, 4);
        Tensor h0 = Tensor.randn(g, 2 * directions, batch, 5).mul(0.5);
        Tensor outWeights = Tensor.randn(g, x.size(0), x.size(1), 5 * directions), hWeights = Tensor.randn(g, 2 * directions, batch, 5);
        RecurrentLayer[] layers = {layer(kind, batchFirst, bidirectional, true), layer(kind, batchFirst, bidirectional, false)};
        Tensor[] outputs = new Tensor[2], finals = new Tensor[2], dx = new Tensor[2], dh0 = new Tensor[2];
        for (int i = 0; i < 2; i++) {
            Variable input = new Variable(x, true), state = new Variable(h0, true);
            RecurrentLayer.Output out = layers[i].run(input, state, null);
            assertNull(out.c());
            out.output().mul(new Variable(outWeights, false)).sum().add(out.h().mul(new Variable(hWeights, false)).sum()).backward();
            outputs[i] = out.output().data();
            finals[i] = out.h().data();
            dx[i] = input.grad();
            dh0[i] = state.grad();
        }
        assertTrue(outputs[0].allClose(outputs[1], 1e-4, 1e-5), kind + ": outputs");
        assertTrue(finals[0].allClose(finals[1], 1e-4, 1e-5), kind + ": final states");
        assertTrue(dx[0].allClose(dx[1], 1e-4, 1e-5), kind + ": input gradient");
        assertTrue(dh0[0].allClose(dh0[1], 1e-4, 1e-5), kind + ": initial state gradient");
        Map<String, Variable> expected = layers[0].namedParameters(), actual = layers[1].namedParameters();
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertTrue(expected.get(name).data().allClose(actual.get(name).data(), 0, 0), name + ": same weights");
            assertTrue(expected.get(name).grad().allClose(actual.get(name).grad(), 1e-4, 1e-5), kind + ": gradient of " + name);
        }
    }
}
