// Reductions along axes. The Java side permutes x so that the kept axes come first (in out's order) and the
// reduced axes last; then element (o, r) of the [outer, inner] loop is ordinal o * inner + r of x's Layout,
// and one block reduces one output element through shared memory.
// Op codes are the ordinals of dev.tensorj.tensor.ReduceOp.
#include "indexing.cuh"

enum { SUM, MEAN, MAX, MIN, PROD, VAR };

extern "C" __global__ void reduce_f32(int op, const float* x, Layout xl, float* out, Layout ol, int outer, int inner) {
    extern __shared__ float scratch[];
    for (int o = blockIdx.x; o < outer; o += gridDim.x) {
        float result;
        if (op == SUM || op == MEAN || op == VAR) {
            float s = 0;
            for (int r = threadIdx.x; r < inner; r += blockDim.x) s += x[tj_position(xl, o * inner + r)];
            float total = tj_block_sum(s, scratch);
            if (op == VAR) { // two passes: the mean, then the mean squared deviation (population variance)
                float mean = total / inner, d2 = 0;
                for (int r = threadIdx.x; r < inner; r += blockDim.x) {
                    float d = x[tj_position(xl, o * inner + r)] - mean;
                    d2 += d * d;
                }
                result = tj_block_sum(d2, scratch) / inner;
            } else {
                result = op == SUM ? total : total / inner;
            }
        } else if (op == MAX || op == MIN) {
            float sign = op == MAX ? 1.0f : -1.0f; // min(x) = -max(-x)
            float m = -INFINITY;
            for (int r = threadIdx.x; r < inner; r += blockDim.x) {
                float v = sign * x[tj_position(xl, o * inner + r)];
                m = (v != v || m != m) ? nanf("") : fmaxf(m, v);
            }
            result = sign * tj_block_max(m, scratch);
        } else { // PROD: a block-wide product through the shared scratch
            float p = 1;
            for (int r = threadIdx.x; r < inner; r += blockDim.x) p *= x[tj_position(xl, o * inner + r)];
            scratch[threadIdx.x] = p;
            __syncthreads();
            for (int s = blockDim.x / 2; s > 0; s >>= 1) {
                if (threadIdx.x < s) scratch[threadIdx.x] *= scratch[threadIdx.x + s];
                __syncthreads();
            }
            result = scratch[0];
            __syncthreads();
        }
        if (threadIdx.x == 0) out[tj_position(ol, o)] = result;
    }
}

// Index of the largest (max != 0) or smallest element along the last axis of x's [outer, inner] Layout; the
// first index on ties, and the first NaN wins (like the reference). One block per output element.
extern "C" __global__ void arg_reduce_f32(int max, const float* x, Layout xl, long long* out, Layout ol, int outer, int inner) {
    extern __shared__ float scratch[]; // blockDim.x values, then blockDim.x indices (as int bits)
    int* indices = (int*) &scratch[blockDim.x];
    float sign = max ? 1.0f : -1.0f;
    for (int o = blockIdx.x; o < outer; o += gridDim.x) {
        float best = -INFINITY;
        int bestIndex = inner; // "none yet"
        for (int r = threadIdx.x; r < inner; r += blockDim.x) {
            float v = sign * x[tj_position(xl, o * inner + r)];
            bool better = bestIndex == inner || (best == best && (v != v || v > best));
            if (better) { best = v; bestIndex = r; }
        }
        scratch[threadIdx.x] = best;
        indices[threadIdx.x] = bestIndex;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                float a = scratch[threadIdx.x], b = scratch[threadIdx.x + s];
                int ia = indices[threadIdx.x], ib = indices[threadIdx.x + s];
                bool takeB;
                if (ib == inner) takeB = false;
                else if (ia == inner) takeB = true;
                else if (a != a) takeB = b != b && ib < ia;         // NaN beats numbers; first NaN among NaNs
                else if (b != b) takeB = true;
                else takeB = b > a || (b == a && ib < ia);
                if (takeB) { scratch[threadIdx.x] = b; indices[threadIdx.x] = ib; }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) out[tj_position(ol, o)] = indices[0];
        __syncthreads();
    }
}
