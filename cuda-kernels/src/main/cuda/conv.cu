// Convolution windows and max pooling over x [N, C, H, W] (any strides, through Layout). The geometry follows
// dev.tensorj.tensor.ConvGeometry: h = y * strideH - padH + i * dilationH (and the same for w).
#include "indexing.cuh"

struct Window { int kH, kW, sH, sW, pH, pW, dH, dW; };

__device__ __forceinline__ int tj_at4(const Layout& l, int n, int c, int h, int w) {
    return l.offset + n * l.strides[0] + c * l.strides[1] + h * l.strides[2] + w * l.strides[3];
}

// cols [N, C * kH * kW, outH * outW]: one thread per column entry, padValue outside the image.
extern "C" __global__ void im2col_f32(const float* x, Layout xl, Window g, float padValue, float* cols, Layout cl,
                                      int outH, int outW, int n) {
    const int C = xl.shape[1], H = xl.shape[2], W = xl.shape[3];
    TJ_FOR_EACH(e, n) {
        int t = e;
        int xo = t % outW; t /= outW;
        int yo = t % outH; t /= outH;
        int j = t % g.kW; t /= g.kW;
        int i = t % g.kH; t /= g.kH;
        int c = t % C;
        int b = t / C;
        int h = yo * g.sH - g.pH + i * g.dH, w = xo * g.sW - g.pW + j * g.dW;
        float v = (h >= 0 && h < H && w >= 0 && w < W) ? x[tj_at4(xl, b, c, h, w)] : padValue;
        cols[tj_position(cl, e)] = v;
    }
}

// col2im, the adjoint: each pixel of out [N, C, H, W] adds every column entry read from it. Written as a
// gather (one thread per pixel, walking the taps that can reach it), so no atomics and a fixed summation order.
extern "C" __global__ void col2im_f32(const float* cols, Layout cl, Window g, float* out, Layout ol, int outH, int outW, int n) {
    const int C = ol.shape[1], H = ol.shape[2], W = ol.shape[3];
    const int kk = g.kH * g.kW;
    TJ_FOR_EACH(e, n) {
        int t = e;
        int w = t % W; t /= W;
        int h = t % H; t /= H;
        int c = t % C;
        int b = t / C;
        float sum = 0;
        for (int i = 0; i < g.kH; i++) {
            int yNum = h + g.pH - i * g.dH;
            if (yNum < 0 || yNum % g.sH != 0) continue;
            int yo = yNum / g.sH;
            if (yo >= outH) continue;
            for (int j = 0; j < g.kW; j++) {
                int xNum = w + g.pW - j * g.dW;
                if (xNum < 0 || xNum % g.sW != 0) continue;
                int xo = xNum / g.sW;
                if (xo >= outW) continue;
                int row = c * kk + i * g.kW + j, col = yo * outW + xo;
                sum += cols[cl.offset + b * cl.strides[0] + row * cl.strides[1] + col * cl.strides[2]];
            }
        }
        out[tj_at4(ol, b, c, h, w)] += sum;
    }
}

// Max pooling: the largest value of each window (padding never wins; the first maximum on ties, NaN beats
// numbers) and its position h * W + w in the channel's image, as the reference defines.
extern "C" __global__ void maxpool2d_f32(const float* x, Layout xl, Window g, float* out, Layout ol,
                                         long long* indices, Layout il, int n) {
    const int C = xl.shape[1], H = xl.shape[2], W = xl.shape[3], outH = ol.shape[2], outW = ol.shape[3];
    TJ_FOR_EACH(e, n) {
        int t = e;
        int xo = t % outW; t /= outW;
        int yo = t % outH; t /= outH;
        int c = t % C;
        int b = t / C;
        float best = -INFINITY;
        int bestIndex = -1;
        for (int i = 0; i < g.kH; i++) {
            int h = yo * g.sH - g.pH + i * g.dH;
            if (h < 0 || h >= H) continue;
            for (int j = 0; j < g.kW; j++) {
                int w = xo * g.sW - g.pW + j * g.dW;
                if (w < 0 || w >= W) continue;
                float v = x[tj_at4(xl, b, c, h, w)];
                if (bestIndex < 0 || v > best || (v != v && best == best)) {
                    best = v;
                    bestIndex = h * W + w;
                }
            }
        }
        out[tj_at4(ol, b, c, yo, xo)] = best;
        indices[tj_at4(il, b, c, yo, xo)] = bestIndex;
    }
}
