// The pointwise part of one LSTM step (PyTorch's gate order: input, forget, cell candidate, output), one
// thread per (batch row, hidden unit). Formulas as in dev.tensorj.tensor.Backend.lstmCellForward / Backward.
#include "indexing.cuh"

__device__ __forceinline__ int tj_at2(const Layout& l, int r, int c) {
    return l.offset + r * l.strides[0] + c * l.strides[1];
}

__device__ __forceinline__ float tj_sigmoid(float x) {
    return x >= 0 ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
}

// act = (σ(i), σ(f), tanh(g), σ(o)); c = f cPrev + i g; h = o tanh(c).
extern "C" __global__ void lstm_cell_forward_f32(const float* gates, Layout gl, const float* cPrev, Layout pl,
                                                 float* act, Layout al, float* h, Layout hl, float* c, Layout cl, int batch, int hidden) {
    TJ_FOR_EACH(e, batch * hidden) {
        int r = e / hidden, j = e % hidden;
        float i = tj_sigmoid(gates[tj_at2(gl, r, j)]);
        float f = tj_sigmoid(gates[tj_at2(gl, r, hidden + j)]);
        float g = tanhf(gates[tj_at2(gl, r, 2 * hidden + j)]);
        float o = tj_sigmoid(gates[tj_at2(gl, r, 3 * hidden + j)]);
        float cNew = f * cPrev[tj_at2(pl, r, j)] + i * g;
        act[tj_at2(al, r, j)] = i;
        act[tj_at2(al, r, hidden + j)] = f;
        act[tj_at2(al, r, 2 * hidden + j)] = g;
        act[tj_at2(al, r, 3 * hidden + j)] = o;
        c[tj_at2(cl, r, j)] = cNew;
        h[tj_at2(hl, r, j)] = o * tanhf(cNew);
    }
}

// dc' = dc + dh o (1 - tanh² c); di = dc' g i (1 - i), df = dc' cPrev f (1 - f), dg = dc' i (1 - g²),
// do = dh tanh(c) o (1 - o); dcPrev = dc' f.
extern "C" __global__ void lstm_cell_backward_f32(const float* act, Layout al, const float* cPrev, Layout pl, const float* c, Layout cl,
                                                  const float* dh, Layout dhl, const float* dc, Layout dcl,
                                                  float* dGates, Layout dgl, float* dcPrev, Layout dpl, int batch, int hidden) {
    TJ_FOR_EACH(e, batch * hidden) {
        int r = e / hidden, j = e % hidden;
        float i = act[tj_at2(al, r, j)], f = act[tj_at2(al, r, hidden + j)];
        float g = act[tj_at2(al, r, 2 * hidden + j)], o = act[tj_at2(al, r, 3 * hidden + j)];
        float tc = tanhf(c[tj_at2(cl, r, j)]), gh = dh[tj_at2(dhl, r, j)];
        float dcTotal = dc[tj_at2(dcl, r, j)] + gh * o * (1 - tc * tc);
        dGates[tj_at2(dgl, r, j)] = dcTotal * g * i * (1 - i);
        dGates[tj_at2(dgl, r, hidden + j)] = dcTotal * cPrev[tj_at2(pl, r, j)] * f * (1 - f);
        dGates[tj_at2(dgl, r, 2 * hidden + j)] = dcTotal * i * (1 - g * g);
        dGates[tj_at2(dgl, r, 3 * hidden + j)] = gh * tc * o * (1 - o);
        dcPrev[tj_at2(dpl, r, j)] = dcTotal * f;
    }
}
