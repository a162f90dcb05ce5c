package dev.tensorj.autograd;

import dev.tensorj.tensor.Shape;
import dev.tensorj.tensor.Tensor;

/**
 * The GRU and the simple RNN over a whole sequence as one graph node each, as {@link Recurrent#lstm}
 * does for the LSTM: the input projection of all T steps in one matmul, then per step one recurrent
 * matmul and a few pointwise Tensor ops (so any backend runs it), with the gates each step needs for
 * its backward kept; the backward walks the steps backwards, writing each step's gate gradients into
 * one preallocated [T, B, kH] buffer, and finishes with one matmul per weight. Memory traffic is O(T),
 * where the step-by-step graph's per-step {@code select} embedded each slice's gradient in a full-size
 * zero tensor (O(T²)).
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
        Tensor xs = x.data().contiguous(), w = wIh.data(), u = wHh.data(), uT = u.t(), h0Data = h0.data().contiguous();
        Tensor xProj = xs.reshape(steps * batch, in).matmul(w.t());
        if (bIh != null) xProj = xProj.addInPlace(bIh.data());
        xProj = xProj.reshape(steps, batch, 3 * h);

        Tensor hs = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);
        Tensor[] rz = new Tensor[steps], n = new Tensor[steps], ghn = new Tensor[steps]; // kept for the backward
        Tensor hPrev = h0Data;
        for (int t = 0; t < steps; t++) {
            Tensor gh = hPrev.matmul(uT), xp = xProj.select(0, t);
            if (bHh != null) gh.addInPlace(bHh.data());
            rz[t] = gh.narrow(1, 0, 2 * h).addInPlace(xp.narrow(1, 0, 2 * h)).sigmoid();
            ghn[t] = gh.narrow(1, 2 * h, h);
            n[t] = rz[t].narrow(1, 0, h).mul(ghn[t]).addInPlace(xp.narrow(1, 2 * h, h)).tanh();
            // h' = n + z (h - n)
            hPrev = hs.select(0, t).copyFrom(hPrev).subInPlace(n[t]).mulInPlace(rz[t].narrow(1, h, h)).addInPlace(n[t]);
        }

        Variable zeroBias = bIh == null || bHh == null ? new Variable(Tensor.zeros(xs.dtype(), xs.device(), 3 * h), false) : null;
        Variable output = Node.record("gru", hs, (ctx, grad) -> {
            Tensor g = grad.data();
            Tensor dGh = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, 3 * h); // d(h W_hh^T + b_hh) per step
            Tensor dN = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);      // d(n's pre-activation) per step
            Tensor dhNext = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
            for (int t = steps - 1; t >= 0; t--) {
                Tensor dh = dhNext.addInPlace(g.select(0, t)), hBefore = t == 0 ? h0Data : hs.select(0, t - 1);
                Tensor r = rz[t].narrow(1, 0, h), z = rz[t].narrow(1, h, h), dGhT = dGh.select(0, t);
                Tensor dn = dN.select(0, t).copyFrom(z.rsub(1).mulInPlace(dh).mulInPlace(n[t].square().rsub(1)));
                Tensor dz = hBefore.sub(n[t]).mulInPlace(dh);
                Tensor dr = dn.mul(ghn[t]);
                dGhT.narrow(1, 0, h).copyFrom(r.rsub(1).mulInPlace(r).mulInPlace(dr));
                dGhT.narrow(1, h, h).copyFrom(z.rsub(1).mulInPlace(z).mulInPlace(dz));
                dGhT.narrow(1, 2 * h, h).copyFrom(dn).mulInPlace(r);
                dhNext = dGhT.matmul(u).addInPlace(dh.mulInPlace(z)); // dh is a buffer of this step: free to overwrite
            }
            Tensor dXp = dGh.copy(); // d(x W_ih^T + b_ih): dGh's r and z parts, and dn unscaled by r
            dXp.narrow(2, 2 * h, h).copyFrom(dN);
            Tensor dXpRows = dXp.reshape(steps * batch, 3 * h), dGhRows = dGh.reshape(steps * batch, 3 * h);
            Tensor hBefore = hiddenBefore(h0Data, hs, steps, batch, h);
            return new Variable[] {
                    new Variable(dXpRows.matmul(w).reshape(steps, batch, in), false),    // dx = dXp W_ih
                    new Variable(dhNext, false),                                          // dh0
                    new Variable(dXpRows.t().matmul(xs.reshape(steps * batch, in)), false), // dW_ih = Σ_t dXp_t^T x_t
                    new Variable(dGhRows.t().matmul(hBefore), false),                   // dW_hh = Σ_t dGh_t^T h_{t-1}
                    new Variable(dXpRows.sum(0), false), new Variable(dGhRows.sum(0), false)};
        }, x, h0, wIh, wHh, bIh != null ? bIh : zeroBias, bHh != null ? bHh : zeroBias);
        return new Recurrent.Sequence(output, output.select(0, steps - 1), null);
    }

    static Recurrent.Sequence rnn(Variable x, Variable h0, Variable wIh, Variable wHh, Variable bIh, Variable bHh, boolean relu) {
        String op = relu ? "rnnRelu" : "rnn";
        int[] tbih = check(op, 1, x, h0, wIh, wHh, bIh, bHh);
        int steps = tbih[0], batch = tbih[1], in = tbih[2], h = tbih[3];
        Tensor xs = x.data().contiguous(), w = wIh.data(), u = wHh.data(), uT = u.t(), h0Data = h0.data().contiguous();
        Tensor xProj = xs.reshape(steps * batch, in).matmul(w.t());
        if (bIh != null) xProj = xProj.addInPlace(bIh.data());
        if (bHh != null) xProj = xProj.addInPlace(bHh.data());
        xProj = xProj.reshape(steps, batch, h);

        Tensor hs = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);
        Tensor hPrev = h0Data;
        for (int t = 0; t < steps; t++) {
            Tensor pre = hPrev.matmul(uT).addInPlace(xProj.select(0, t));
            hPrev = hs.select(0, t).copyFrom(relu ? pre.relu() : pre.tanh());
        }

        Variable zeroBias = bIh == null || bHh == null ? new Variable(Tensor.zeros(xs.dtype(), xs.device(), h), false) : null;
        Variable output = Node.record(op, hs, (ctx, grad) -> {
            Tensor g = grad.data();
            Tensor dPre = Tensor.zeros(xs.dtype(), xs.device(), steps, batch, h);
            Tensor dhNext = Tensor.zeros(xs.dtype(), xs.device(), batch, h);
            for (int t = steps - 1; t >= 0; t--) {
                Tensor dh = dhNext.addInPlace(g.select(0, t)), ht = hs.select(0, t);
                Tensor d = dPre.select(0, t).copyFrom(relu ? ht.sign() : ht.square().rsub(1)).mulInPlace(dh); // relu: sign(h') = [h' > 0]
                dhNext = d.matmul(u);
            }
            Tensor dRows = dPre.reshape(steps * batch, h), db = dRows.sum(0);
            return new Variable[] {
                    new Variable(dRows.matmul(w).reshape(steps, batch, in), false),
                    new Variable(dhNext, false),
                    new Variable(dRows.t().matmul(xs.reshape(steps * batch, in)), false),
                    new Variable(dRows.t().matmul(hiddenBefore(h0Data, hs, steps, batch, h)), false),
                    new Variable(db, false), new Variable(db, false)};
        }, x, h0, wIh, wHh, bIh != null ? bIh : zeroBias, bHh != null ? bHh : zeroBias);
        return new Recurrent.Sequence(output, output.select(0, steps - 1), null);
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
