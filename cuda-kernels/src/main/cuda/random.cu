// Dropout masks from a counter-based generator: Philox4x32-10 (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC 2011). Element i's value depends only on (seed, i), so any grid gives the same mask.
// The Backend SPI's fillBernoulli must reproduce the CPU Generator's sequence, so CudaBackend uses this
// kernel only when asked (-Dtensorj.cuda.philox=true); the CPU sequence is the default.
#include "indexing.cuh"

__device__ __forceinline__ uint4 tj_philox(uint4 counter, uint2 key) {
    for (int round = 0; round < 10; round++) {
        unsigned int hi0 = __umulhi(0xD2511F53u, counter.x), lo0 = 0xD2511F53u * counter.x;
        unsigned int hi1 = __umulhi(0xCD9E8D57u, counter.z), lo1 = 0xCD9E8D57u * counter.z;
        counter = make_uint4(hi1 ^ counter.y ^ key.x, lo1, hi0 ^ counter.w ^ key.y, lo0);
        key.x += 0x9E3779B9u;
        key.y += 0xBB67AE85u;
    }
    return counter;
}

// out[i] = 1 with probability p, else 0: one Philox call gives four uniform draws, for elements 4k..4k+3.
extern "C" __global__ void bernoulli_philox_f32(float* out, Layout ol, int n, float p, unsigned long long seed) {
    const uint2 key = make_uint2((unsigned int) seed, (unsigned int) (seed >> 32));
    TJ_FOR_EACH(k, (n + 3) / 4) {
        uint4 r = tj_philox(make_uint4((unsigned int) k, 0, 0, 0), key);
        unsigned int draws[4] = {r.x, r.y, r.z, r.w};
        for (int j = 0; j < 4; j++) {
            int e = 4 * k + j;
            if (e < n) out[tj_position(ol, e)] = draws[j] * 2.3283064365386963e-10f < p ? 1.0f : 0.0f; // draw / 2^32
        }
    }
}
