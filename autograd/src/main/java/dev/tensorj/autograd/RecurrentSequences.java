package dev.tensorj.autograd;

import dev.tensorj.tensor.LstmCellOps;
import dev.tensorj.tensor.Shape;
import dev.tensorj.tensor.Tensor;

/**
 * The GRU and the simple RNN over a whole sequence as one graph node each, as {@link Recurrent#lstm}
 * does for the LSTM: the input projection of all T steps in one matmul, then per step one recurrent
 * matmul and a few Tensor ops (so any backend runs it), with the gates each step needs for its
 * backward kept; the backward walks the steps backwards, writing each step's gate gradients into one
 * preallocated [T, B, kH] buffer, and finishes with one matmul per weight. Memory traffic is O(T),
 * where the step-by-step graph's per-step {@code select} embedded each slice's gradient in a full-size
 * zero tensor (O(T²)).
 *
 * <h2>Sigmoid and tanh on the LSTM cell kernel</h2>
 * The backends' plain {@code sigmoid}/{@code tanh} are exact to the reference (on the CPU a scalar
 * double loop, about 10-20 ns an element), while the LSTM cell kernel ({@link LstmCellOps}) computes
 * σ and tanh vectorised. Its c' = σ(f) c + σ(i) tanh(g) is the GRU's blend h' = z h + (1 - z) n with
 * the slots (i, f, g, o) = (-z, z, n, r) before activation and c = h (σ(-x) = 1 - σ(x)), and its
 * act output keeps (1 - z, z, n, r) for the backward. Per step it runs twice: first for r (the o
 * slot), then, with n's pre-activation x W_in + b_in + r (h W_hn + b_hn) written into the g slot, for
 * h'. The RNN's tanh is the same kernel with slots (100, 0, pre, 0) and c = 0: c' = tanh(pre), since
 * σ(100) is 1 in float and double. The backward needs no transcendental function: the per-gate
 * factors come from the kept activations, once for all steps.
 *
 * <h2>GRU (PyTorch's gate order r, z, n in the rows of W_ih [3H, I] and W_hh [3H, H])</h2>
 * <pre>
 *   xp = x W_ih^T + b_ih   (all steps at once)        gh = h W_hh^T + b_hh   (per step)
 *   r = σ(xp_r + gh_r)   z = σ(xp_z + gh_z)   n = tanh(xp_n + r gh_n)   h' = (1 - z) n + z h
 * </pre>
 * Backward: dn = dh' (1 - z) (1 - n²), dz = dh' (h - n) z (1 - z), dr = dn gh_n r (1 - r);
 * d(gh) = [dr, dz, dn r], d(xp) = [dr, dz, dn]; dh = dh' z + d(gh) W_hh.
 *
 * <h2>RNN</h2>
 * h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu); d(pre) = dh' (1 - h'²) (relu: dh' [h' > 0]),
 * dh = d(pre) W_hh.
 */
final class RecurrentSequences {
    private RecurrentSequences() {
    }

    static Recurrent.Sequence gru(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        int[] tbih = check("gru", 3, x, h0, wIh, wHh, bIh, bHh);
        int steps = tbih[0], batch = tbih[1], in = tbih[2], h = tbih[3];
        Tensor xs = x.data().contiguous(), w = wIh.data(), u = wHh.data(), h0Data = h0.data().contiguous();
        Tensor xp = xs.reshape(steps * batch, in).matmul(w.t()); // x W_ih^T + b_ih, gates r, z, n
        if (bIh != null) xp = xp.addInPlace(bIh.data());
        xp = xp.reshape(steps, batch, 3 * h);
        // the cell kernel's four slots (i, f, g, o) = (-z, z, h W_hn + b_hn, r) before the activation: one recurrent matmul fills them
        Tensor uSlots = Tensor.concat(0, u.narrow(0, h, h).neg(), u.narrow(0, h, h), u.narrow(0, 2 * h, h), u.narrow(0, 0, h)).t();
        Tensor xSlots = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, 4 * h);
        xSlots.narrow(2, h, h).copyFrom(gate(xp, 1, h));
        xSlots.narrow(2, 3 * h, h).copyFrom(gate(xp, 0, h));
        if (bHh != null) {
            Tensor b = bHh.data();
            xSlots.narrow(2, h, h).addInPlace(gate(b, 1, h));
            xSlots.narrow(2, 2 * h, h).copyFrom(gate(b, 2, h));
            xSlots.narrow(2, 3 * h, h).addInPlace(gate(b, 0, h));
        }
        xSlots.narrow(2, 0, h).copyFrom(xSlots.narrow(2, h, h)).mulInPlace(-1);

        Tensor hs = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);
        Tensor acts = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, 4 * h); // (1 - z, z, n, r) per step, kept for the backward
        Tensor ghn = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);      // h W_hn + b_hn per step, kept too
        Tensor unused = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
        Tensor hPrev = h0Data;
        for (int t = 0; t < steps; t++) {
            Tensor slots = hPrev.matmul(uSlots).addInPlace(xSlots.select(0, t)), act = acts.select(0, t), g = slots.narrow(1, 2 * h, h);
            LstmCellOps.forward(slots, hPrev, act, unused, unused);               // act's o slot: r
            ghn.select(0, t).copyFrom(g);
            g.mulInPlace(act.narrow(1, 3 * h, h)).addInPlace(gate(xp.select(0, t), 2, h)); // n's pre-activation
            LstmCellOps.forward(slots, hPrev, act, unused, hs.select(0, t));     // c' = z h + (1 - z) n = h'
            hPrev = hs.select(0, t);
        }

        Variable zeroBias = bIh == null || bHh == null ? new Variable(Tensor.zeros(xs.dtype(), xs.device(), 3 * h), false) : null;
        Variable output = Node.record("gru", hs, (ctx, grad) -> {
            Tensor g = grad.data(), hBefore = hiddenBefore(h0Data, hs, steps, batch, h);
            Tensor oneMinusZ = acts.narrow(2, 0, h), z = acts.narrow(2, h, h), n = acts.narrow(2, 2 * h, h), r = acts.narrow(2, 3 * h, h);
            // d(gh) = dh' ⊙ factor per gate, factor = [a (h W_hn + b_hn) r (1 - r), (h - n) z (1 - z), a r] with a = (1 - z)(1 - n²)
            Tensor a = n.square().rsub(1).mulInPlace(oneMinusZ);
            Tensor factor = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, 3 * h);
            factor.narrow(2, 0, h).copyFrom(r.rsub(1)).mulInPlace(r).mulInPlace(ghn).mulInPlace(a);
            factor.narrow(2, h, h).copyFrom(hBefore.reshape(steps, batch, h)).subInPlace(n).mulInPlace(z).mulInPlace(oneMinusZ);
            factor.narrow(2, 2 * h, h).copyFrom(a).mulInPlace(r);
            Tensor dGh = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, 3 * h); // d(h W_hh^T + b_hh) per step
            Tensor dHs = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);     // dh' per step
            Tensor dhNext = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
            for (int t = steps - 1; t >= 0; t--) {
                Tensor dh = dHs.select(0, t).copyFrom(g.select(0, t)).addInPlace(dhNext), dGhT = dGh.select(0, t);
                dGhT.reshape(batch, 3, h).copyFrom(dh.reshape(batch, 1, h)).mulInPlace(factor.select(0, t).reshape(batch, 3, h));
                dhNext = dGhT.matmul(u).addInPlace(dh.mul(z.select(0, t))); // dh = dh' z + d(gh) W_hh
            }
            Tensor dXp = dGh.copy(); // d(x W_ih^T + b_ih): dGh's r and z parts, and dn = dh' a unscaled by r
            dXp.narrow(2, 2 * h, h).copyFrom(dHs).mulInPlace(a);
            Tensor dXpRows = dXp.reshape(steps * batch, 3 * h), dGhRows = dGh.reshape(steps * batch, 3 * h);
            return new Variable[] {
                    new Variable(dXpRows.matmul(w).reshape(steps, batch, in), false),      // dx = dXp W_ih
                    new Variable(dhNext, false),                                            // dh0
                    new Variable(dXpRows.t().matmul(xs.reshape(steps * batch, in)), false), // dW_ih = Σ_t dXp_t^T x_t
                    new Variable(dGhRows.t().matmul(hBefore), false),                     // dW_hh = Σ_t dGh_t^T h_{t-1}
                    new Variable(dXpRows.sum(0), false), new Variable(dGhRows.sum(0), false)};
        }, x, h0, wIh, wHh, bIh != null ? bIh : zeroBias, bHh != null ? bHh : zeroBias);
        return new Recurrent.Sequence(output, output.select(0, steps - 1), null);
    }

    static Recurrent.Sequence rnn(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        String op = relu ? "rnnRelu" : "rnn";
        int[] tbih = check(op, 1, x, h0, wIh, wHh, bIh, bHh);
        int steps = tbih[0], batch = tbih[1], in = tbih[2], h = tbih[3];
        Tensor xs = x.data().contiguous(), w = wIh.data(), u = wHh.data(), uT = u.t(), h0Data = h0.data().contiguous();
        Tensor xp = xs.reshape(steps * batch, in).matmul(w.t());
        if (bIh != null) xp = xp.addInPlace(bIh.data());
        if (bHh != null) xp = xp.addInPlace(bHh.data());
        xp = xp.reshape(steps, batch, h);

        Tensor hs = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);
        // tanh on the cell kernel: slots (i, f, g, o) = (100, 0, pre, 0) and c = 0 give c' = σ(100) tanh(pre) + σ(0) 0 = tanh(pre)
        // exactly (σ(100) rounds to 1 in float and double)
        Tensor slots = relu ? null : Tensor.zeros(xs.dtype(), xs.device(), batch, 4 * h), zero = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
        Tensor act = relu ? null : Tensor.zeros(xs.dtype(), xs.device(), batch, 4 * h), unused = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
        if (!relu) slots.narrow(1, 0, h).fill(100);
        Tensor hPrev = h0Data;
        for (int t = 0; t < steps; t++) {
            Tensor pre = hPrev.matmul(uT).addInPlace(xp.select(0, t));
            if (relu) {
                hPrev = hs.select(0, t).copyFrom(pre.relu());
            } else {
                slots.narrow(1, 2 * h, h).copyFrom(pre);
                LstmCellOps.forward(slots, zero, act, unused, hs.select(0, t));
                hPrev = hs.select(0, t);
            }
        }

        Variable zeroBias = bIh == null || bHh == null ? new Variable(Tensor.zeros(xs.dtype(), xs.device(), h), false) : null;
        Variable output = Node.record(op, hs, (ctx, grad) -> {
            Tensor g = grad.data();
            Tensor slope = relu ? hs.sign() : hs.square().rsub(1); // the activation's derivative from its output: [h' > 0] or 1 - h'²
            Tensor dPre = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);
            Tensor dhNext = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
            for (int t = steps - 1; t >= 0; t--) {
                Tensor dh = dhNext.addInPlace(g.select(0, t));
                dhNext = dPre.select(0, t).copyFrom(dh).mulInPlace(slope.select(0, t)).matmul(u);
            }
            Tensor dRows = dPre.reshape(steps * batch, h), db = dRows.sum(0);
            Tensor[] dW = Recurrent.weightGradients(dRows, xs, h0Data, hs); // Σ_t d(pre)_t^T x_t and Σ_t d(pre)_t^T h_{t-1}
            return new Variable[] {
                    new Variable(dRows.matmul(w).reshape(steps, batch, in), false),
                    new Variable(dhNext, false),
                    new Variable(dW[0], false), new Variable(dW[1], false),
                    new Variable(db, false), new Variable(db, false)};
        }, x, h0, wIh, wHh, bIh != null ? bIh : zeroBias, bHh != null ? bHh : zeroBias);
        return new Recurrent.Sequence(output, output.select(0, steps - 1), null);
    }

    /** Gate k's block of H along the last axis of [..., 3H]. */
    private static Tensor gate(Tensor t, int k, int h) {
        return t.narrow(t.rank() - 1, k * h, h);
    }

    /** The step-by-step graph of composite cells ({@link Recurrent#gruCell} or {@link Recurrent#rnnCell}): what the fused nodes are checked against. */
    static Recurrent.Sequence unrolled(boolean gru, Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        int steps = check(gru ? "gru" : "rnn", gru ? 3 : 1, x, h0, wIh, wHh, bIh, bHh)[0];
        Variable h = h0;
        Variable[] outputs = new Variable[steps];
        for (int t = 0; t < steps; t++) {
            Variable xt = x.select(0, t);
            outputs[t] = h = gru ? Recurrent.gruCell(xt, h, wIh, wHh, bIh, bHh) : Recurrent.rnnCell(xt, h, wIh, wHh, bIh, bHh, relu);
        }
        return new Recurrent.Sequence(Variable.stack(0, outputs), h, null);
    }

    /** h_{t-1} for every step, as rows [T·B, H]: h0, then the first T - 1 outputs. */
    private static Tensor hiddenBefore(Tensor h0, Tensor hs, int steps, int batch, int h) {
        return Tensor.concat(0, h0.reshape(1, batch, h), hs.narrow(0, 0, steps - 1)).reshape(steps * batch, h);
    }

    /** {T, B, I, H} after checking every shape of a one-direction GRU (k = 3) or RNN (k = 1) layer's inputs. */
    private static int[] check(String op, int k, Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh) {
        int[] xd = x.data().dims();
        if (xd.length != 3 || xd[0] == 0) throw new IllegalArgumentException(op + ": expects x [T, B, I] with T >= 1, got " + x.data().shape());
        int batch = xd[1], in = xd[2], h = wHh.data().rank() == 2 ? wHh.data().size(1) : -1;
        String gates = k == 1 ? "H" : k + "H";
        boolean ok = h > 0 && wIh.data().shape().equals(Shape.of(k * h, in)) && wHh.data().shape().equals(Shape.of(k * h, h))
                && h0.data().shape().equals(Shape.of(batch, h))
                && (bIh == null || bIh.data().shape().equals(Shape.of(k * h)))
                && (bHh == null || bHh.data().shape().equals(Shape.of(k * h)));
        if (!ok) {
            throw new IllegalArgumentException(op + ": expects x [T, B, I], h0 [B, H], W_ih [" + gates + ", I], W_hh [" + gates + ", H], biases [" + gates
                    + "]; got x " + x.data().shape() + ", h0 " + h0.data().shape() + ", W_ih " + wIh.data().shape() + ", W_hh " + wHh.data().shape()
                    + (bIh == null ? "" : ", b_ih " + bIh.data().shape()) + (bHh == null ? "" : ", b_hh " + bHh.data().shape()));
        }
        return new int[] {xd[0], batch, in, h};
    }
}
