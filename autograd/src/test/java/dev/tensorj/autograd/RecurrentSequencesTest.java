package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused GRU and RNN sequence nodes against the step-by-step graph of composite cells (the
 * oracle): outputs, final state and every input's gradient, with and without biases, float32 and
 * float64, on the default (CPU) backend.
 */
class RecurrentSequencesTest {

    private static Variable param(Generator g, DType dtype, double scale, int... shape) {
        return new Variable(Tensor.randn(g, shape).mul(scale).to(dtype), true);
    }

    @ParameterizedTest(name = "{0}, bias {1}, {2}")
    @CsvSource({"gru, true, FLOAT32", "gru, false, FLOAT32", "gru, true, FLOAT64",
            "rnn, true, FLOAT32", "rnn, false, FLOAT64", "rnnRelu, true, FLOAT32", "rnnRelu, false, FLOAT64"})
    void fusedSequenceAgreesWithTheUnrolledCells(String kind, boolean bias, DType dtype) {
        int steps = 13, batch = 5, in = 7, h = 6, k = kind.equals("gru") ? 3 : 1;
        Generator g = new Generator(21);
        Variable[] v = {param(g, dtype, 1, steps, batch, in), param(g, dtype, 0.5, batch, h),
                param(g, dtype, 0.4, k * h, in), param(g, dtype, 0.4, k * h, h),
                bias ? param(g, dtype, 0.2, k * h) : null, bias ? param(g, dtype, 0.2, k * h) : null};
        Tensor weights = Tensor.randn(g, steps, batch, h).to(dtype), hWeights = Tensor.randn(g, batch, h).to(dtype);
        Tensor[] outputs = new Tensor[2], finals = new Tensor[2];
        Tensor[][] grads = new Tensor[2][v.length];
        for (int fused = 0; fused < 2; fused++) {
            for (Variable p : v) if (p != null) p.zeroGrad();
            boolean relu = kind.equals("rnnRelu");
            Recurrent.Sequence s = switch (kind) {
                case "gru" -> fused == 1 ? Recurrent.gru(v[0], v[1], v[2], v[3], v[4], v[5]) : Recurrent.gruUnrolled(v[0], v[1], v[2], v[3], v[4], v[5]);
                default -> fused == 1 ? Recurrent.rnn(v[0], v[1], v[2], v[3], v[4], v[5], relu) : Recurrent.rnnUnrolled(v[0], v[1], v[2], v[3], v[4], v[5], relu);
            };
            assertNull(s.c());
            // a loss that reaches every step's output and the final state once more
            s.output().mul(new Variable(weights, false)).sum().add(s.h().mul(new Variable(hWeights, false)).sum()).backward();
            outputs[fused] = s.output().data();
            finals[fused] = s.h().data();
            for (int i = 0; i < v.length; i++) grads[fused][i] = v[i] == null ? null : v[i].grad().contiguous().mul(1);
        }
        double rtol = dtype == DType.FLOAT64 ? 1e-10 : 1e-4, atol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        assertEquals(dtype, outputs[1].dtype());
        assertTrue(outputs[0].allClose(outputs[1], rtol, atol), kind + ": outputs differ");
        assertTrue(finals[0].allClose(finals[1], rtol, atol), kind + ": final states differ");
        for (int i = 0; i < v.length; i++) {
            if (v[i] == null) continue;
            assertTrue(grads[0][i].allClose(grads[1][i], rtol, atol), kind + ": gradient of input " + i + " differs");
            assertTrue(grads[1][i].abs().sum().item() > 0, kind + ": gradient of input " + i + " is zero");
        }
    }

    @Test
    void aSingleStepIsOneCellForwardAndBackward() {
        Generator g = new Generator(5);
        Variable x = param(g, DType.FLOAT64, 1, 1, 2, 3), h0 = param(g, DType.FLOAT64, 1, 2, 4);
        Variable w = param(g, DType.FLOAT64, 1, 12, 3), u = param(g, DType.FLOAT64, 1, 12, 4), b = param(g, DType.FLOAT64, 1, 12);
        Recurrent.Sequence s = Recurrent.gru(x, h0, w, u, b, b);
        Tensor cell = Recurrent.gruCell(x.select(0, 0), h0, w, u, b, b).data();
        assertTrue(s.h().data().allClose(cell, 1e-12, 1e-12));
        assertTrue(s.output().data().select(0, 0).allClose(cell, 1e-12, 1e-12));
        s.output().sum().backward(); // one step: h_{t-1} is h0 alone
        Tensor dh0 = h0.grad().contiguous().mul(1), dw = u.grad().contiguous().mul(1);
        h0.zeroGrad();
        u.zeroGrad();
        Recurrent.gruCell(x.select(0, 0), h0, w, u, b, b).sum().backward();
        assertTrue(h0.grad().allClose(dh0, 1e-12, 1e-12) && u.grad().allClose(dw, 1e-12, 1e-12));
        Variable v = param(g, DType.FLOAT64, 1, 4, 3), r = param(g, DType.FLOAT64, 1, 4, 4);
        Recurrent.rnn(x, h0, v, r, null, null, false).h().sum().backward();
        assertTrue(r.grad().abs().sum().item() > 0);
    }

    @Test
    void gruAndRnnNameTheShapesTheyExpected() {
        Variable x = new Variable(Tensor.zeros(4, 2, 3), true), h0 = new Variable(Tensor.zeros(2, 5), false);
        Variable w = new Variable(Tensor.zeros(20, 3), true), u = new Variable(Tensor.zeros(20, 5), true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recurrent.gru(x, h0, w, u, null, null));
        assertTrue(e.getMessage().startsWith("gru: expects x [T, B, I], h0 [B, H], W_ih [3H, I]") && e.getMessage().contains("W_ih [20, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recurrent.rnn(x, h0, w, u, null, null, false));
        assertTrue(e.getMessage().startsWith("rnn: expects x [T, B, I], h0 [B, H], W_ih [H, I]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recurrent.rnn(new Variable(Tensor.zeros(0, 2, 3), false), h0, w, u, null, null, true));
        assertTrue(e.getMessage().startsWith("rnnRelu: expects x [T, B, I] with T >= 1"), e.getMessage());
    }
}
