// Training-mode batch normalisation over x viewed as [N, C, S] (S = the product of the spatial axes): one
// block per channel reduces its N * S elements. Per-channel vectors (gamma, beta, mean, invStd, ...) are 1-D
// Layouts. The formulas are those of dev.tensorj.tensor.Backend.batchNormForward / batchNormBackward.
#include "indexing.cuh"

__device__ __forceinline__ int tj_at3(const Layout& l, int n, int c, int s) {
    return l.offset + n * l.strides[0] + c * l.strides[1] + s * l.strides[2];
}

__device__ __forceinline__ int tj_at1(const Layout& l, int c) {
    return l.offset + c * l.strides[0];
}

// mean = sum x / M, var = sum (x - mean)^2 / M (two passes), invStd = 1 / sqrt(var + eps),
// out = (x - mean) invStd gamma + beta.
extern "C" __global__ void batchnorm_forward_f32(const float* x, Layout xl, const float* gamma, Layout gl, const float* beta, Layout bl,
                                                 float eps, float* out, Layout ol, float* mean, Layout ml, float* invStd, Layout vl) {
    extern __shared__ float scratch[];
    const int N = xl.shape[0], S = xl.shape[2], M = N * S;
    for (int c = blockIdx.x; c < xl.shape[1]; c += gridDim.x) {
        float s = 0;
        for (int e = threadIdx.x; e < M; e += blockDim.x) s += x[tj_at3(xl, e / S, c, e % S)];
        float mu = tj_block_sum(s, scratch) / M;
        float d2 = 0;
        for (int e = threadIdx.x; e < M; e += blockDim.x) {
            float d = x[tj_at3(xl, e / S, c, e % S)] - mu;
            d2 += d * d;
        }
        float inv = rsqrtf(tj_block_sum(d2, scratch) / M + eps);
        float scale = gamma[tj_at1(gl, c)] * inv, shift = beta[tj_at1(bl, c)];
        for (int e = threadIdx.x; e < M; e += blockDim.x) {
            int n = e / S, p = e % S;
            out[tj_at3(ol, n, c, p)] = (x[tj_at3(xl, n, c, p)] - mu) * scale + shift;
        }
        if (threadIdx.x == 0) {
            mean[tj_at1(ml, c)] = mu;
            invStd[tj_at1(vl, c)] = inv;
        }
    }
}

// dbeta = sum dy, dgamma = sum dy x̂, dx = gamma invStd / M (M dy - dbeta - x̂ dgamma), x̂ = (x - mean) invStd.
extern "C" __global__ void batchnorm_backward_f32(const float* dy, Layout dyl, const float* x, Layout xl, const float* gamma, Layout gl,
                                                  const float* mean, Layout ml, const float* invStd, Layout vl,
                                                  float* dx, Layout dxl, float* dgamma, Layout dgl, float* dbeta, Layout dbl) {
    extern __shared__ float scratch[];
    const int N = xl.shape[0], S = xl.shape[2], M = N * S;
    for (int c = blockIdx.x; c < xl.shape[1]; c += gridDim.x) {
        const float mu = mean[tj_at1(ml, c)], inv = invStd[tj_at1(vl, c)];
        float sdy = 0, sdyx = 0;
        for (int e = threadIdx.x; e < M; e += blockDim.x) {
            int n = e / S, p = e % S;
            float g = dy[tj_at3(dyl, n, c, p)];
            sdy += g;
            sdyx += g * (x[tj_at3(xl, n, c, p)] - mu) * inv;
        }
        float db = tj_block_sum(sdy, scratch), dg = tj_block_sum(sdyx, scratch);
        float k = gamma[tj_at1(gl, c)] * inv / M;
        for (int e = threadIdx.x; e < M; e += blockDim.x) {
            int n = e / S, p = e % S;
            float xhat = (x[tj_at3(xl, n, c, p)] - mu) * inv;
            dx[tj_at3(dxl, n, c, p)] = k * (M * dy[tj_at3(dyl, n, c, p)] - db - xhat * dg);
        }
        if (threadIdx.x == 0) {
            dgamma[tj_at1(dgl, c)] = dg;
            dbeta[tj_at1(dbl, c)] = db;
        }
    }
}
