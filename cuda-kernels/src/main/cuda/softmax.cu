// Softmax and log-softmax along one axis, numerically stable: out = exp(x - max) / sum exp(x - max), and
// log-softmax = x - max - log(sum exp(x - max)). The Java side permutes the axis last, so row o is
// ordinals o * length .. o * length + length - 1 of both Layouts; one block per row.
#include "indexing.cuh"

extern "C" __global__ void softmax_f32(int log, const float* x, Layout xl, float* out, Layout ol, int rows, int length) {
    extern __shared__ float scratch[];
    for (int row = blockIdx.x; row < rows; row += gridDim.x) {
        int base = row * length;
        float m = -INFINITY;
        for (int j = threadIdx.x; j < length; j += blockDim.x) {
            float v = x[tj_position(xl, base + j)];
            m = (v != v || m != m) ? nanf("") : fmaxf(m, v);
        }
        m = tj_block_max(m, scratch);
        float s = 0;
        for (int j = threadIdx.x; j < length; j += blockDim.x) s += expf(x[tj_position(xl, base + j)] - m);
        s = tj_block_sum(s, scratch);
        float logS = logf(s);
        for (int j = threadIdx.x; j < length; j += blockDim.x) {
            float shifted = x[tj_position(xl, base + j)] - m;
            out[tj_position(ol, base + j)] = log ? shifted - logS : expf(shifted) / s;
        }
    }
}
