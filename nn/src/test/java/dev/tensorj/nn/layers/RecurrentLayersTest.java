package dev.tensorj.nn.layers;

import dev.tensorj.autograd.Recurrent;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedding, LSTM, GRU, RNN and LSTMCell: PyTorch names and shapes, layouts, directions, and agreement between paths. */
class RecurrentLayersTest {

    private static List<Integer> dims(Variable v) {
        return java.util.Arrays.stream(v.data().dims()).boxed().toList();
    }

    @Test
    void embeddingLooksUpRowsAcceptsWholeFloatsAndKeepsThePaddingRowAtZero() {
        Embedding e = new Embedding(10, 4, 0, new Generator(1));
        assertTrue(e.weight.data().select(0, 0).allClose(Tensor.zeros(4), 0, 0), "padding row starts at zero");
        Variable out = e.forward(new Variable(Tensor.fromArray(new long[] {3, 0, 9, 3}, 2, 2), false));
        assertEquals(List.of(2, 2, 4), dims(out));
        assertTrue(out.data().select(0, 1).select(0, 0).allClose(e.weight.data().select(0, 9), 0, 0));
        Variable fromFloats = e.forward(new Variable(Tensor.of(3f, 0f, 9f, 3f).reshape(2, 2), false));
        assertTrue(fromFloats.data().allClose(out.data(), 0, 0));
        out.sum().backward();
        assertTrue(e.weight.grad().select(0, 0).allClose(Tensor.zeros(4), 0, 0) && e.weight.grad().select(0, 3).allClose(Tensor.full(2, 4), 0, 0));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> e.forward(new Variable(Tensor.ofLongs(10), false)));
        assertTrue(bad.getMessage().contains("out of range"), bad.getMessage());
        Embedding k = Embedding.keras(100, 8, new Generator(2));
        assertTrue(k.weight.data().abs().max().item() <= 0.05);
    }

    @Test
    void lstmHasPyTorchNamesAndShapes() {
        LSTM lstm = new LSTM(3, 5, 2, false, true, 0, new Generator(3));
        Map<String, Variable> p = lstm.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse",
                "bias_ih_l0_reverse", "bias_hh_l0_reverse", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"), List.copyOf(p.keySet()));
        assertEquals(List.of(20, 3), dims(p.get("weight_ih_l0")));
        assertEquals(List.of(20, 10), dims(p.get("weight_ih_l1")));
        assertEquals(List.of(20, 5), dims(p.get("weight_hh_l1_reverse")));
        RecurrentLayer.Output out = lstm.run(new Variable(Tensor.randn(new Generator(4), 7, 2, 3), false), null, null);
        assertEquals(List.of(7, 2, 10), dims(out.output()));
        assertEquals(List.of(4, 2, 5), dims(out.h()));
        assertEquals(List.of(4, 2, 5), dims(out.c()));
    }

    @Test
    void batchFirstAndKerasLastStateAgreeWithTimeFirst() {
        Generator g = new Generator(5);
        LSTM timeFirst = new LSTM(3, 4, 1, false, false, 0, new Generator(6));
        LSTM batchFirst = LSTM.keras(3, 4, new Generator(6));
        Tensor x = Tensor.randn(g, 6, 2, 3); // [T, B, I]
        RecurrentLayer.Output a = timeFirst.run(new Variable(x, false), null, null);
        Variable last = batchFirst.forward(new Variable(x.transpose(0, 1).contiguous(), false));
        assertEquals(List.of(2, 4), dims(last));
        assertTrue(last.data().allClose(a.output().data().select(0, 5), 1e-6, 1e-7));
        assertTrue(last.data().allClose(a.h().data().select(0, 0), 0, 0));
    }

    @Test
    void theReverseDirectionIsTheForwardOneOnTheFlippedSequence() {
        LSTM both = new LSTM(2, 3, 1, false, true, 0, new Generator(7));
        LSTM backwardOnly = new LSTM(2, 3, 1, false, false, 0, new Generator(8));
        Map<String, Variable> p = both.namedParameters();
        for (String name : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
            backwardOnly.namedParameters().get(name + "_l0").data().copyFrom(p.get(name + "_l0_reverse").data());
        }
        Tensor x = Tensor.randn(new Generator(9), 5, 2, 2);
        Tensor flipped = x.indexSelect(0, Tensor.ofLongs(4, 3, 2, 1, 0));
        Tensor reverseHalf = both.run(new Variable(x, false), null, null).output().data().narrow(2, 3, 3);
        Tensor expected = backwardOnly.run(new Variable(flipped, false), null, null).output().data().indexSelect(0, Tensor.ofLongs(4, 3, 2, 1, 0));
        assertTrue(reverseHalf.allClose(expected, 1e-6, 1e-7));
    }

    @Test
    void fusedAndUnrolledLstmAndAHandUnrolledCellAgree() {
        LSTM fused = new LSTM(4, 3, 1, false, false, 0, new Generator(10));
        LSTM unrolled = new LSTM(4, 3, 1, false, false, 0, new Generator(10)).unrolled(true);
        LSTMCell cell = new LSTMCell(4, 3, new Generator(10));
        Tensor x = Tensor.randn(new Generator(11), 6, 2, 4);
        Tensor a = fused.run(new Variable(x, false), null, null).output().data();
        Tensor b = unrolled.run(new Variable(x, false), null, null).output().data();
        assertTrue(a.allClose(b, 1e-6, 1e-7));
        Recurrent.State s = cell.zeroState(2);
        for (int t = 0; t < 6; t++) s = cell.forward(new Variable(x.select(0, t), false), s);
        assertTrue(s.h().data().allClose(a.select(0, 5), 1e-6, 1e-7), "same seed, same parameter order, same numbers");
    }

    @Test
    void rnnStepMatchesTheFormulaAndGruHasThreeGates() {
        RNN rnn = new RNN(1, 1);
        Map<String, Variable> p = rnn.namedParameters();
        p.get("weight_ih_l0").data().fill(0.5);
        p.get("weight_hh_l0").data().fill(-1);
        p.get("bias_ih_l0").data().fill(0.1);
        p.get("bias_hh_l0").data().fill(0.2);
        Variable out = rnn.forward(new Variable(Tensor.of(2f, -1f).reshape(2, 1, 1), false));
        double h1 = Math.tanh(0.5 * 2 + 0.3), h2 = Math.tanh(-0.5 - h1 + 0.3);
        assertEquals(h1, out.data().select(0, 0).item(), 1e-6);
        assertEquals(h2, out.data().select(0, 1).item(), 1e-6);
        GRU gru = new GRU(3, 4, 1, true, false, 0, new Generator(12));
        assertEquals(List.of(12, 3), dims(gru.namedParameters().get("weight_ih_l0")));
        RecurrentLayer.Output o = gru.run(new Variable(Tensor.randn(new Generator(13), 2, 5, 3), true), null, null);
        assertEquals(List.of(2, 5, 4), dims(o.output()));
        assertNull(o.c());
        o.output().sum().backward();
        assertTrue(gru.namedParameters().get("weight_hh_l0").grad().abs().sum().item() > 0);
    }

    @Test
    void wrongInputShapesNameTheLayer() {
        LSTM lstm = new LSTM(3, 4, 1, true, false, 0, new Generator(14));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(new Variable(Tensor.zeros(2, 5, 4), false)));
        assertEquals("LSTM: expects input [B, T, 3], got [2, 5, 4]", e.getMessage());
    }
}
