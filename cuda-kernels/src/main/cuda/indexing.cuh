// How strides turn a multi-index into a storage position: the CUDA mirror of dev.tensorj.tensor.Indexer.
//
//   position(index) = offset + sum_i index[i] * strides[i]
//
// Every operand of a kernel arrives as a Layout (passed by value, 72 bytes): the shape of the loop and this
// operand's strides in elements. Broadcasting is stride 0 (the Java side expands before launching), so one
// row-major ordinal addresses every operand of an elementwise kernel. The Java twin is dev.tensorj.cuda.Layout.
#pragma once
#include <stdint.h>

#define TJ_MAX_RANK 8

struct Layout {
    int rank;
    int offset;
    int shape[TJ_MAX_RANK];
    int strides[TJ_MAX_RANK];
};

// Storage position of the ordinal-th element in row-major order (Indexer.unravel then Indexer.position).
__device__ __forceinline__ int tj_position(const Layout& l, int ordinal) {
    int position = l.offset;
    for (int i = l.rank - 1; i >= 0; i--) {
        int size = l.shape[i];
        position += (ordinal % size) * l.strides[i];
        ordinal /= size;
    }
    return position;
}

// A grid-stride loop over n elements: every kernel works for any grid size the launcher picks.
#define TJ_FOR_EACH(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// Block-wide reductions through shared memory (blockDim.x is a power of two, at most 1024).
__device__ __forceinline__ float tj_block_sum(float value, float* scratch) {
    scratch[threadIdx.x] = value;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) scratch[threadIdx.x] += scratch[threadIdx.x + s];
        __syncthreads();
    }
    float total = scratch[0];
    __syncthreads();
    return total;
}

__device__ __forceinline__ float tj_block_max(float value, float* scratch) {
    scratch[threadIdx.x] = value;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            float o = scratch[threadIdx.x + s], m = scratch[threadIdx.x];
            scratch[threadIdx.x] = (m != m || o != o) ? nanf("") : fmaxf(m, o); // NaN wins, like Math.max
        }
        __syncthreads();
    }
    float total = scratch[0];
    __syncthreads();
    return total;
}
