package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused LSTM paths (per-step cell kernel, whole-sequence node) against the composite graph, in
 * float32 on the CPU backend at the IMDB model's size; and the embedding's padding rule.
 */
class RecurrentTest {

    private static Variable param(Generator g, double scale, int... shape) {
        return new Variable(Tensor.randn(g, shape).mul(scale), true);
    }

    @Test
    void fusedSequenceCellAndCompositeAgreeForwardAndBackward() {
        int steps = 12, batch = 5, in = 7, h = 6;
        Generator g = new Generator(11);
        Variable[] v = {param(g, 1, steps, batch, in), param(g, 0.5, batch, h), param(g, 0.5, batch, h),
                param(g, 0.4, 4 * h, in), param(g, 0.4, 4 * h, h), param(g, 0.2, 4 * h), param(g, 0.2, 4 * h)};
        Tensor weights = Tensor.randn(g, steps, batch, h), cWeights = Tensor.randn(g, batch, h);
        Tensor[][] grads = new Tensor[3][];
        Tensor[] outputs = new Tensor[3];
        for (int mode = 0; mode < 3; mode++) {
            for (Variable p : v) p.zeroGrad();
            Recurrent.Sequence s = switch (mode) {
                case 0 -> Recurrent.lstm(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
                case 1 -> Recurrent.lstmUnrolled(v[0], v[1], v[2], v[3], v[4], v[5], v[6], true);
                default -> Recurrent.lstmUnrolled(v[0], v[1], v[2], v[3], v[4], v[5], v[6], false);
            };
            // a loss that reaches every output: all hidden states, the final h twice over and the final c
            Variable loss = s.output().mul(new Variable(weights, false)).sum()
                    .add(s.h().mul(new Variable(cWeights, false)).sum()).add(s.c().mul(new Variable(cWeights, false)).sum());
            loss.backward();
            outputs[mode] = s.output().data();
            grads[mode] = new Tensor[v.length];
            for (int i = 0; i < v.length; i++) grads[mode][i] = v[i].grad().contiguous().mul(1);
        }
        for (int mode = 1; mode < 3; mode++) {
            assertTrue(outputs[0].allClose(outputs[mode], 1e-5, 1e-6), "output, mode " + mode);
            for (int i = 0; i < v.length; i++) {
                assertTrue(grads[0][i].allClose(grads[mode][i], 1e-4, 1e-5), "gradient of input " + i + ", mode " + mode);
            }
        }
    }

    @Test
    void lstmNamesTheShapesItExpected() {
        Variable x = new Variable(Tensor.zeros(4, 2, 3), true), h0 = new Variable(Tensor.zeros(2, 5), false);
        Variable w = new Variable(Tensor.zeros(20, 4), true), u = new Variable(Tensor.zeros(20, 5), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recurrent.lstm(x, h0, h0, w, u, null, null));
        assertTrue(e.getMessage().startsWith("lstm: expects x [T, B, I]") && e.getMessage().contains("W_ih [20, 4]"), e.getMessage());
    }

    @Test
    void embeddingRowsAtThePaddingIndexGetNoGradient() {
        Variable table = new Variable(Tensor.randn(new Generator(3), 4, 2).to(DType.FLOAT64), true);
        Tensor indices = Tensor.fromArray(new long[] {0, 2, 0, 3, 2, 2}, 2, 3);
        Variable out = table.embedding(indices, 2);
        assertEquals(java.util.List.of(2, 3, 2), java.util.Arrays.stream(out.data().dims()).boxed().toList());
        assertTrue(out.data().select(0, 0).select(0, 1).allClose(table.data().select(0, 2), 0, 0), "row 2 is still looked up");
        out.sum().backward();
        double[] grad = table.grad().toDoubleArray();
        assertTrue(java.util.Arrays.equals(grad, new double[] {2, 2, 0, 0, 0, 0, 1, 1}), java.util.Arrays.toString(grad));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.embedding(Tensor.ofLongs(1, 4), -1));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    /**
     * A gradient that reaches the embedding through a transpose (an LSTM fed batch-first hands back a time-first one)
     * is read in its memory order, indices permuted alike: each table row still gets the sum of the gradients of the
     * positions that read it, and the padding row none.
     */
    @Test
    void embeddingTakesATransposedGradientRowByRow() {
        Generator g = new Generator(5);
        Variable table = new Variable(Tensor.randn(g, 5, 3).to(DType.FLOAT64), true);
        long[] ids = {0, 4, 1, 4, 2, 0, 3, 1};
        Tensor indices = Tensor.fromArray(ids, 2, 4);                             // [B 2, T 4]
        Tensor weights = Tensor.randn(g, 4, 2, 3).to(DType.FLOAT64);               // [T, B, dim]
        assertTrue(java.util.Arrays.equals(Indexing.memoryOrder(weights.permute(1, 0, 2), 2), new int[] {1, 0, 2}), "read time-first");
        assertTrue(java.util.Arrays.equals(Indexing.memoryOrder(weights.narrow(2, 0, 2), 2), new int[] {0, 1, 2}), "not a permutation: as it is");
        for (int padding : new int[] {-1, 4}) {
            table.zeroGrad();
            Variable out = table.embedding(indices, padding);                       // [B, T, dim]
            out.permute(1, 0, 2).mul(new Variable(weights, false)).sum().backward(); // d out[b, t] = weights[t, b]: a transposed view
            double[] expected = new double[15];
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 4; t++) {
                    int row = (int) ids[b * 4 + t];
                    if (row == padding) continue;
                    for (int k = 0; k < 3; k++) expected[row * 3 + k] += weights.get(t, b, k);
                }
            }
            double[] grad = table.grad().toDoubleArray();
            for (int i = 0; i < 15; i++) assertEquals(expected[i], grad[i], 1e-12, "padding " + padding + ", table element " + i);
        }
    }
}
