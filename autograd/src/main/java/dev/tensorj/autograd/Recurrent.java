package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.LstmCellOps;
import dev.tensorj.tensor.Shape;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.tensorj.autograd.OpSpec.firstOrderOnly;
import static dev.tensorj.autograd.OpSpec.op;
import static dev.tensorj.autograd.Samples.*;

/**
 * Recurrent cells: LSTM, GRU and the simple (Elman) RNN, with PyTorch's equations and weight layout,
 * and the LSTM over a whole sequence.
 *
 * <h2>LSTM (gate order i, f, g, o: rows of W_ih [4H, I] and W_hh [4H, H])</h2>
 * <pre>
 *   gates = x W_ih^T + b_ih + h W_hh^T + b_hh            one matmul each for all four gates
 *   i = σ(gates_i)  f = σ(gates_f)  g = tanh(gates_g)  o = σ(gates_o)
 *   c' = f c + i g          h' = o tanh(c')
 * </pre>
 * Backward (σ' = σ (1 - σ), tanh' = 1 - tanh²): dc_total = dc' + dh' o (1 - tanh² c'),
 * di = dc_total g, df = dc_total c, dg = dc_total i, do = dh' tanh c', and dc = dc_total f;
 * each gate's pre-activation gradient is its gradient times the nonlinearity's derivative.
 *
 * <h2>Three ways to run it</h2>
 * {@link #lstmCellComposite} writes the equations with Variable ops (twice differentiable, the
 * textbook version); {@link #lstmCell} is one graph node per step whose pointwise part is a single
 * backend kernel ({@code Backend.lstmCellForward/Backward}); {@link #lstm} runs a whole sequence as
 * one node — the input projection of all T steps in one matmul, then per step one recurrent matmul
 * and one cell kernel, and backpropagation through time in its backward. The three agree (tests),
 * and the registry gradchecks each in float64.
 *
 * <h2>GRU and RNN</h2>
 * {@link #gru} and {@link #rnn} run a whole sequence as one node the same way (see
 * {@code RecurrentSequences}); {@link #gruCell} and {@link #rnnCell} are the composite steps, and
 * {@link #gruUnrolled} / {@link #rnnUnrolled} the step-by-step graphs the nodes are checked against.
 */
public final class Recurrent {
    private Recurrent() {
    }

    /** The hidden and cell state of an LSTM, each [B, H]. */
    public record State(Variable h, Variable c) {
    }

    /** A recurrent layer run over a sequence: every step's hidden state [T, B, H] and the final state (c: null for GRU and RNN). */
    public record Sequence(Variable output, Variable h, Variable c) {
    }

    // ---- LSTM, one step ----

    /** One step as the textbook writes it, from gates [B, 4H] (pre-activations) and the cell state [B, H]. */
    public static State lstmCellComposite(Variable gates, Variable cPrev) {
        int h = checkGates("lstmCell", gates, cPrev);
        Variable i = gates.narrow(1, 0, h).sigmoid(), f = gates.narrow(1, h, h).sigmoid();
        Variable g = gates.narrow(1, 2 * h, h).tanh(), o = gates.narrow(1, 3 * h, h).sigmoid();
        Variable c = f.mul(cPrev).add(i.mul(g));
        return new State(o.mul(c.tanh()), c);
    }

    /**
     * One step with the fused kernel: one graph node whose output is [2, B, H] (h stacked on c), so
     * that h and c are views of it. First order only; see the class comment for the backward.
     */
    public static State lstmCell(Variable gates, Variable cPrev) {
        int h = checkGates("lstmCell", gates, cPrev), batch = cPrev.data().size(0);
        Tensor gatesData = gates.data().contiguous(), c0 = cPrev.data().contiguous();
        Tensor out = Tensor.zeros(gatesData.dtype(), gatesData.device(), 2, batch, h);
        Tensor act = Tensor.zeros(gatesData.dtype(), gatesData.device(), batch, 4 * h);
        LstmCellOps.forward(gatesData, c0, act, out.select(0, 0), out.select(0, 1));
        Variable both = Node.record("lstmCell", out, (ctx, grad) -> {
            Tensor g = grad.data();
            Tensor[] d = LstmCellOps.backward(act, c0, out.select(0, 1), g.select(0, 0).contiguous(), g.select(0, 1).contiguous());
            return new Variable[] {new Variable(d[0], false), new Variable(d[1], false)};
        }, gates, cPrev);
        return new State(both.select(0, 0), both.select(0, 1));
    }

    /** The pre-activations of all gates: x W_ih^T + h W_hh^T (+ b_ih + b_hh when given). */
    public static Variable gates(Variable x, Variable h, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        Variable gates = x.matmul(wIh.t()).add(h.matmul(wHh.t()));
        if (bIh != null) gates = gates.add(bIh);
        if (bHh != null) gates = gates.add(bHh);
        return gates;
    }

    // ---- LSTM over a sequence ----

    /**
     * An LSTM layer (one direction) over x [T, B, I], time first, from the state (h0, c0) [B, H]; biases
     * may be null. The whole sequence is one graph node (first order): the input projections of all steps
     * are one matmul, and the recurrence and its backpropagation through time one backend call each
     * ({@code Backend.lstmSequenceForward/Backward}: the cell kernel and h W_hh^T per step).
     */
    public static Sequence lstm(Variable x, Variable h0, Variable c0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        int[] tbih = checkSequence(x, h0, c0, wIh, wHh, bIh, bHh);
        int steps = tbih[0], batch = tbih[1], in = tbih[2], h = tbih[3];
        Tensor xs = x.data().contiguous(), w = wIh.data(), u = wHh.data();
        Tensor h0Data = h0.data().contiguous(), c0Data = c0.data().contiguous();

        // forward: all input projections at once (with both biases), then the recurrence in one backend call
        Tensor projections = xs.reshape(steps * batch, in).matmul(w.t());
        Tensor bias = bIh != null ? bIh.data() : null; // b_ih + b_hh added once
        if (bHh != null) bias = bias == null ? bHh.data() : bias.add(bHh.data());
        if (bias != null) projections.addInPlace(bias);
        Tensor acts = projections.reshape(steps, batch, 4 * h);
        Tensor out = Tensor.zeros(xs.dtype(), xs.device(), 2, steps, batch, h); // [hidden states; cell states]
        Tensor hs = out.select(0, 0), cs = out.select(0, 1);
        LstmCellOps.sequenceForward(acts, u, h0Data, c0Data, hs, cs); // acts: projections in, activations out

        Variable zeroBias = bIh == null || bHh == null ? new Variable(Tensor.zeros(xs.dtype(), xs.device(), 4 * h), false) : null;
        Variable all = Node.record("lstm", out, (ctx, grad) -> {
            // backpropagation through time (Backend.lstmSequenceBackward), then the weights' gradients in two big products
            Tensor g = grad.data();
            Tensor dGates = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, 4 * h);
            Tensor dh0 = Tensor.zeros(xs.dtype(), xs.device(), batch, h), dc0 = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
            LstmCellOps.sequenceBackward(acts, u, c0Data, cs, g.select(0, 0).contiguous(), g.select(0, 1).contiguous(), dGates, dh0, dc0);
            Tensor dG = dGates.reshape(steps * batch, 4 * h);
            Tensor[] dW = weightGradients(dG, xs, h0Data, hs);
            Tensor db = dG.sum(0);
            return new Variable[] {
                    new Variable(dG.matmul(w).reshape(steps, batch, in), false),           // dx = dGates W_ih
                    new Variable(dh0, false), new Variable(dc0, false),                      // dh0, dc0
                    new Variable(dW[0], false), new Variable(dW[1], false),                  // dW_ih, dW_hh
                    new Variable(db, false), new Variable(db, false)};                     // db_ih = db_hh = Σ dGates
        }, x, h0, c0, wIh, wHh, bIh != null ? bIh : zeroBias, bHh != null ? bHh : zeroBias);
        Variable output = all.select(0, 0);
        return new Sequence(output, output.select(0, steps - 1), all.select(0, 1).select(0, steps - 1));
    }

    /**
     * {dW_ih, dW_hh} = {Σ_t dGates_t^T x_t, Σ_t dGates_t^T h_{t-1}} from the gate gradients as rows [T·B, kH], x [T, B, I],
     * h0 [B, H] and the hidden states [T, B, H]: one matmul against [x_t, h_{t-1}] side by side (dGates^T is packed once).
     */
    static Tensor[] weightGradients(Tensor dGateRows, Tensor xs, Tensor h0, Tensor hs) {
        int steps = xs.size(0), batch = xs.size(1), in = xs.size(2), h = hs.size(2);
        Tensor inputs = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, in + h);
        inputs.narrow(2, 0, in).copyFrom(xs);
        inputs.narrow(2, in, h).select(0, 0).copyFrom(h0);
        if (steps > 1) inputs.narrow(2, in, h).narrow(0, 1, steps - 1).copyFrom(hs.narrow(0, 0, steps - 1));
        Tensor dW = dGateRows.t().matmul(inputs.reshape(steps * batch, in + h));
        return new Tensor[] {dW.narrow(1, 0, in).contiguous(), dW.narrow(1, in, h).contiguous()};
    }

    /**
     * The same LSTM unrolled into one graph of cells, step by step — what {@link #lstm} is checked
     * against; {@code fusedCells} picks {@link #lstmCell} or {@link #lstmCellComposite} per step.
     */
    public static Sequence lstmUnrolled(Variable x, Variable h0, Variable c0, Variable wIh, Variable wHh, Variable bIh, Variable bHh,
                                        boolean fusedCells) {
        int steps = checkSequence(x, h0, c0, wIh, wHh, bIh, bHh)[0];
        Variable h = h0, c = c0;
        List<Variable> outputs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            Variable gates = gates(x.select(0, t), h, wIh, wHh, bIh, bHh);
            State s = fusedCells ? lstmCell(gates, c) : lstmCellComposite(gates, c);
            h = s.h();
            c = s.c();
            outputs.add(h);
        }
        return new Sequence(Variable.stack(0, outputs.toArray(Variable[]::new)), h, c);
    }

    // ---- GRU and simple RNN (composite: a few Variable ops per step) ----

    /**
     * One GRU step (PyTorch's form; gate order r, z, n in the rows of W_ih [3H, I] and W_hh [3H, H]):
     * r = σ(x W_ir^T + b_ir + h W_hr^T + b_hr), z likewise, n = tanh(x W_in^T + b_in + r (h W_hn^T + b_hn)),
     * h' = (1 - z) n + z h. Biases may be null.
     */
    public static Variable gruCell(Variable x, Variable h, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        int hidden = h.data().size(-1);
        checkWeights("gruCell", 3, x, h, wIh, wHh);
        Variable gi = x.matmul(wIh.t()), gh = h.matmul(wHh.t());
        if (bIh != null) gi = gi.add(bIh);
        if (bHh != null) gh = gh.add(bHh);
        Variable r = gi.narrow(1, 0, hidden).add(gh.narrow(1, 0, hidden)).sigmoid();
        Variable z = gi.narrow(1, hidden, hidden).add(gh.narrow(1, hidden, hidden)).sigmoid();
        Variable n = gi.narrow(1, 2 * hidden, hidden).add(r.mul(gh.narrow(1, 2 * hidden, hidden))).tanh();
        return n.add(z.mul(h.sub(n))); // (1 - z) n + z h
    }

    /** One step of the simple RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), or relu instead of tanh. */
    public static Variable rnnCell(Variable x, Variable h, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        checkWeights("rnnCell", 1, x, h, wIh, wHh);
        Variable pre = gates(x, h, wIh, wHh, bIh, bHh);
        return relu ? pre.relu() : pre.tanh();
    }

    // ---- GRU and simple RNN over a sequence (one fused node each; see RecurrentSequences) ----

    /**
     * A GRU layer (one direction) over x [T, B, I], time first, from h0 [B, H]; biases may be null. One
     * graph node (first order): the input projection of all steps in one matmul, the recurrence with
     * its gates kept, and backpropagation through time in the backward. The result's c is null.
     */
    public static Sequence gru(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        return RecurrentSequences.gru(x, h0, wIh, wHh, bIh, bHh);
    }

    /** A simple RNN layer (one direction, tanh or relu) over x [T, B, I] from h0 [B, H], as one node like {@link #gru}; c is null. */
    public static Sequence rnn(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        return RecurrentSequences.rnn(x, h0, wIh, wHh, bIh, bHh, relu);
    }

    /** {@link #gru} unrolled into a graph of {@link #gruCell}s, step by step (slower, twice differentiable); c is null. */
    public static Sequence gruUnrolled(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        return RecurrentSequences.unrolled(true, x, h0, wIh, wHh, bIh, bHh, false);
    }

    /** {@link #rnn} unrolled into a graph of {@link #rnnCell}s, step by step; c is null. */
    public static Sequence rnnUnrolled(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        return RecurrentSequences.unrolled(false, x, h0, wIh, wHh, bIh, bHh, relu);
    }

    // ---- checks ----

    private static int checkGates(String op, Variable gates, Variable cPrev) {
        int[] g = gates.data().dims(), c = cPrev.data().dims();
        if (c.length != 2 || g.length != 2 || g[0] != c[0] || g[1] != 4 * c[1]) {
            throw new IllegalArgumentException(op + ": expects gates [B, 4H] and a cell state [B, H], got " + gates.data().shape() + " and " + cPrev.data().shape());
        }
        return c[1];
    }

    private static void checkWeights(String op, int gateCount, Variable x, Variable h, Variable wIh, Variable wHh) {
        int[] xd = x.data().dims(), hd = h.data().dims(), wi = wIh.data().dims(), wh = wHh.data().dims();
        boolean ok = xd.length == 2 && hd.length == 2 && xd[0] == hd[0] && wi.length == 2 && wh.length == 2
                && wi[0] == gateCount * hd[1] && wi[1] == xd[1] && wh[0] == gateCount * hd[1] && wh[1] == hd[1];
        if (!ok) {
            throw new IllegalArgumentException(op + ": expects x [B, I], h [B, H], W_ih [" + gateCount + "H, I], W_hh [" + gateCount + "H, H], got x "
                    + x.data().shape() + ", h " + h.data().shape() + ", W_ih " + wIh.data().shape() + ", W_hh " + wHh.data().shape());
        }
    }

    /** {T, B, I, H} after checking every shape of an LSTM layer's inputs. */
    private static int[] checkSequence(Variable x, Variable h0, Variable c0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        int[] xd = x.data().dims();
        if (xd.length != 3 || xd[0] == 0) throw new IllegalArgumentException("lstm: expects x [T, B, I] with T >= 1, got " + x.data().shape());
        int steps = xd[0], batch = xd[1], in = xd[2], h = wHh.data().dims().length == 2 ? wHh.data().size(1) : -1;
        String expected = "x [T, B, I], h0 and c0 [B, H], W_ih [4H, I], W_hh [4H, H], biases [4H]";
        boolean ok = h > 0 && wIh.data().shape().equals(Shape.of(4 * h, in)) && wHh.data().shape().equals(Shape.of(4 * h, h))
                && h0.data().shape().equals(Shape.of(batch, h)) && c0.data().shape().equals(Shape.of(batch, h))
                && (bIh == null || bIh.data().shape().equals(Shape.of(4 * h)))
                && (bHh == null || bHh.data().shape().equals(Shape.of(4 * h)));
        if (!ok) {
            throw new IllegalArgumentException("lstm: expects " + expected + "; got x " + x.data().shape() + ", h0 " + h0.data().shape() + ", c0 " + c0.data().shape()
                    + ", W_ih " + wIh.data().shape() + ", W_hh " + wHh.data().shape()
                    + (bIh == null ? "" : ", b_ih " + bIh.data().shape()) + (bHh == null ? "" : ", b_hh " + bHh.data().shape()));
        }
        return new int[] {steps, batch, in, h};
    }

    // ---- Gradcheck declarations: collected by OpRegistry, run by GradCheckRegistryTest, listed in docs/derivatives.md ----

    /** This family's ops as gradcheck declarations: sample inputs in each op's domain, its derivative, its tolerances. */
    static List<OpSpec> ops() {
        // the cell state c0 and the weights W_ih [4H, I], W_hh [4H, H] for H = 2, I = 3, B = 2, T = 3
        Function<Generator, Tensor> gates = g -> normal(g, 2, 8), cell = g -> normal(g, 2, 2);
        Function<Generator, Tensor[]> sequence = inputs(g -> normal(g, 3, 2, 3), g -> normal(g, 2, 2), cell,
                        g -> normal(g, 8, 3), g -> normal(g, 8, 2), g -> normal(g, 8), g -> normal(g, 8));
        Function<Generator, Tensor[]> gruSequence = inputs(g -> normal(g, 3, 2, 3), cell, g -> normal(g, 6, 3), g -> normal(g, 6, 2), g -> normal(g, 6), g -> normal(g, 6));
        Function<Generator, Tensor[]> rnnSequence = inputs(g -> normal(g, 3, 2, 3), cell, g -> normal(g, 2, 3), g -> normal(g, 2, 2), g -> normal(g, 2), g -> normal(g, 2));
        return List.of(
                op("gates", "composite: x W_ih^T + h W_hh^T + b_ih + b_hh, gradients from matmul and the broadcast adds",
                        inputs(g -> normal(g, 2, 3), cell, g -> normal(g, 8, 3), g -> normal(g, 8, 2), g -> normal(g, 8), g -> normal(g, 8)),
                        v -> gates(v[0], v[1], v[2], v[3], v[4], v[5])),
                op("lstmCellComposite", "i, f, o = σ, g = tanh of the gate slices; c' = f c + i g, h' = o tanh c'",
                        inputs(gates, cell), v -> lstmBoth(lstmCellComposite(v[0], v[1]))),
                firstOrderOnly("lstmCell", "fused: dc' += dh' o (1 - tanh² c'); di = dc' g σ'(i), df = dc' c σ'(f), dg = dc' i (1 - g²), do = dh' tanh c' σ'(o); dc = dc' f",
                        inputs(gates, cell), v -> lstmBoth(lstmCell(v[0], v[1]))),
                firstOrderOnly("lstm", "backpropagation through time: per step the cell's backward, dh_{t-1} = dGates_t W_hh; dW_ih = Σ dGates_t^T x_t, dW_hh = Σ dGates_t^T h_{t-1}",
                        sequence, v -> lstmAll(lstm(v[0], v[1], v[2], v[3], v[4], v[5], v[6]))),
                op("lstmUnrolled", "the graph of composite cells, step by step",
                        sequence, v -> lstmAll(lstmUnrolled(v[0], v[1], v[2], v[3], v[4], v[5], v[6], false))),
                op("gruCell", "composite: r, z = σ, n = tanh(x W_in + b_in + r (h W_hn + b_hn)), h' = (1 - z) n + z h",
                        inputs(g -> normal(g, 2, 3), cell, g -> normal(g, 6, 3), g -> normal(g, 6, 2), g -> normal(g, 6), g -> normal(g, 6)),
                        v -> gruCell(v[0], v[1], v[2], v[3], v[4], v[5])),
                op("rnnCell", "composite: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)",
                        inputs(g -> normal(g, 2, 3), cell, g -> normal(g, 2, 3), g -> normal(g, 2, 2), g -> normal(g, 2), g -> normal(g, 2)),
                        v -> rnnCell(v[0], v[1], v[2], v[3], v[4], v[5], false)),
                firstOrderOnly("gru", "backpropagation through time: per step dn = dh (1 - z)(1 - n²), dz = dh (h - n) σ'(z), dr = dn (h W_hn + b_hn) σ'(r), "
                                + "dh_{t-1} = dh z + [dr, dz, dn r] W_hh; dW_ih = Σ [dr, dz, dn]_t^T x_t, dW_hh = Σ [dr, dz, dn r]_t^T h_{t-1}",
                        gruSequence, v -> gru(v[0], v[1], v[2], v[3], v[4], v[5]).output()),
                op("gruUnrolled", "the graph of composite GRU cells, step by step",
                        gruSequence, v -> gruUnrolled(v[0], v[1], v[2], v[3], v[4], v[5]).output()),
                firstOrderOnly("rnn", "backpropagation through time: d(pre)_t = dh (1 - h_t²), dh_{t-1} = d(pre)_t W_hh; dW_ih = Σ d(pre)_t^T x_t, dW_hh = Σ d(pre)_t^T h_{t-1}",
                        rnnSequence, v -> rnn(v[0], v[1], v[2], v[3], v[4], v[5], false).output()),
                firstOrderOnly("rnnRelu", "as rnn with relu: d(pre)_t = dh [h_t > 0]",
                        rnnSequence, v -> rnn(v[0], v[1], v[2], v[3], v[4], v[5], true).output()),
                op("rnnUnrolled", "the graph of composite RNN cells (tanh), step by step",
                        rnnSequence, v -> rnnUnrolled(v[0], v[1], v[2], v[3], v[4], v[5], false).output()));
    }

    /** h and c of a step as one vector, so a gradcheck sees both outputs. */
    private static Variable lstmBoth(State s) {
        return Variable.concat(0, s.h().reshape(-1), s.c().reshape(-1));
    }

    /** Every step's h and the final c as one vector. */
    private static Variable lstmAll(Sequence s) {
        return Variable.concat(0, s.output().reshape(-1), s.c().reshape(-1));
    }
}
