package dev.tensorj.cpu;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;

/**
 * FLOAT32 LSTM cell pointwise kernels on contiguous tensors: one pass over [B, H] computing all four
 * gates of an element together (they sit H apart in a row of [B, 4H]). Same math as
 * {@code ReferenceBackend.lstmCellForward/Backward}. With the Vector API the rows run in
 * {@link VectorLstmCell}; the plain loops below finish each row (and are the whole kernel without it),
 * taking tanh as 1 - 2 / (e^{2x} + 1), one exp.
 */
final class CpuLstmCell {
    private CpuLstmCell() {
    }

    static void forward(Tensor gates, Tensor cPrev, Tensor act, Tensor hOut, Tensor cOut) {
        forwardRows(cPrev.size(0), cPrev.size(1), floats(gates), gates.offset(), floats(cPrev), cPrev.offset(),
                floats(act), act.offset(), floats(hOut), hOut.offset(), floats(cOut), cOut.offset());
    }

    /** The forward on contiguous [batch, 4h] and [batch, h] blocks at the given offsets; act may be the gates (in place). */
    static void forwardRows(int batch, int h, float[] gs, int go, float[] cs, int co, float[] as, int ao, float[] hs, int ho, float[] cos, int coo) {
        for (int b = 0; b < batch; b++) {
            int gateRow = b * 4 * h, cRow = b * h;
            int done = Simd.enabled() ? VectorLstmCell.forwardRow(h, gs, go + gateRow, cs, co + cRow, as, ao + gateRow, hs, ho + cRow, cos, coo + cRow) : 0;
            for (int j = done; j < h; j++) {
                int k = gateRow + j;
                float i = sigmoid(gs[go + k]), f = sigmoid(gs[go + k + h]), g = tanh(gs[go + k + 2 * h]), o = sigmoid(gs[go + k + 3 * h]);
                float c = f * cs[co + cRow + j] + i * g;
                as[ao + k] = i;
                as[ao + k + h] = f;
                as[ao + k + 2 * h] = g;
                as[ao + k + 3 * h] = o;
                hs[ho + cRow + j] = o * tanh(c);
                cos[coo + cRow + j] = c;
            }
        }
    }

    static void backward(Tensor act, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        backwardRows(cPrev.size(0), cPrev.size(1), floats(act), act.offset(), floats(cPrev), cPrev.offset(), floats(c), c.offset(),
                floats(dh), dh.offset(), floats(dc), dc.offset(), floats(dGates), dGates.offset(), floats(dcPrev), dcPrev.offset());
    }

    /** The backward on contiguous blocks at the given offsets ([batch, 4h] for act and dGates, [batch, h] for the rest). */
    static void backwardRows(int batch, int h, float[] as, int ao, float[] cs, int co, float[] ss, int so, float[] dhs, int dho,
                             float[] dcs, int dco, float[] dgs, int dgo, float[] dps, int dpo) {
        for (int b = 0; b < batch; b++) {
            int gateRow = b * 4 * h, row = b * h;
            int done = Simd.enabled() ? VectorLstmCell.backwardRow(h, as, ao + gateRow, cs, co + row, ss, so + row, dhs, dho + row, dcs, dco + row,
                    dgs, dgo + gateRow, dps, dpo + row) : 0;
            for (int j = done; j < h; j++) {
                int k = gateRow + j, e = b * h + j;
                float i = as[ao + k], f = as[ao + k + h], g = as[ao + k + 2 * h], o = as[ao + k + 3 * h];
                float tanhC = tanh(ss[so + e]), gradH = dhs[dho + e];
                float gradC = dcs[dco + e] + gradH * o * (1 - tanhC * tanhC);
                dgs[dgo + k] = gradC * g * i * (1 - i);
                dgs[dgo + k + h] = gradC * cs[co + e] * f * (1 - f);
                dgs[dgo + k + 2 * h] = gradC * i * (1 - g * g);
                dgs[dgo + k + 3 * h] = gradH * tanhC * o * (1 - o);
                dps[dpo + e] = gradC * f;
            }
        }
    }

    private static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private static float tanh(float x) {
        return (float) (1 - 2 / (Math.exp(2.0 * x) + 1));
    }
}
