// Fused optimiser updates, in place, one thread per element (formulas of dev.tensorj.tensor.Backend.adamStep
// and rmspropStep). Moment estimates below the smallest normal float are flushed to zero, as on the CPU.
#include "indexing.cuh"

__device__ __forceinline__ float tj_flush(float x) {
    return fabsf(x) < 1.17549435e-38f ? 0.0f : x;
}

extern "C" __global__ void adam_f32(float* p, Layout pl, const float* grad, Layout gl, float* m, Layout ml, float* v, Layout vl, int n,
                                    float beta1, float beta2, float stepSize, float sqrtBiasCorrection2, float eps, float l2, float decoupledDecay) {
    TJ_FOR_EACH(e, n) {
        int pp = tj_position(pl, e), pm = tj_position(ml, e), pv = tj_position(vl, e);
        float w = p[pp];
        float g = grad[tj_position(gl, e)] + l2 * w;
        float mi = tj_flush(beta1 * m[pm] + (1 - beta1) * g);
        float vi = tj_flush(beta2 * v[pv] + (1 - beta2) * g * g);
        m[pm] = mi;
        v[pv] = vi;
        p[pp] = w * (1 - decoupledDecay) - stepSize * mi / (sqrtf(vi) / sqrtBiasCorrection2 + eps);
    }
}

extern "C" __global__ void rmsprop_f32(float* p, Layout pl, const float* grad, Layout gl, float* squareAverage, Layout sl, int n,
                                       float alpha, float lr, float eps, float l2) {
    TJ_FOR_EACH(e, n) {
        int pp = tj_position(pl, e), ps = tj_position(sl, e);
        float w = p[pp];
        float g = grad[tj_position(gl, e)] + l2 * w;
        float s = tj_flush(alpha * squareAverage[ps] + (1 - alpha) * g * g);
        squareAverage[ps] = s;
        p[pp] = w - lr * g / (sqrtf(s) + eps);
    }
}

// SGD with momentum (PyTorch's form): g = grad + l2 p; buf = momentum buf + (1 - dampening) g; p -= lr buf.
// Not yet part of the Backend SPI (nn's SGD composes Tensor ops); here for the optimiser benchmarks.
extern "C" __global__ void sgd_momentum_f32(float* p, Layout pl, const float* grad, Layout gl, float* buf, Layout bl, int n,
                                            float lr, float momentum, float dampening, float l2) {
    TJ_FOR_EACH(e, n) {
        int pp = tj_position(pl, e), pb = tj_position(bl, e);
        float g = grad[tj_position(gl, e)] + l2 * p[pp];
        float b = momentum * buf[pb] + (1 - dampening) * g;
        buf[pb] = b;
        p[pp] -= lr * b;
    }
}
