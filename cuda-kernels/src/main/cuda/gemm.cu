// Batched SGEMM: C[b] = A[b] B[b] + beta C[b], for A [M, K], B [K, N], C [M, N]. Each operand is given by
// its offset and three strides (batch, row, column) in elements, so a transposed or broadcast operand (batch
// stride 0) needs no copy. The classic tiled scheme: a block computes a 64x64 tile of C, staging 64x16 slices
// of A and 16x64 slices of B in shared memory; each of its 256 threads accumulates a 4x4 patch in registers.
#include "indexing.cuh"

#define BM 64
#define BN 64
#define BK 16
#define TM 4
#define TN 4
#define THREADS 256  // (BM / TM) * (BN / TN)

extern "C" __global__ void __launch_bounds__(THREADS)
sgemm_f32(const float* a, int aOffset, int aBatch, int aRow, int aCol,
          const float* b, int bOffset, int bBatch, int bRow, int bCol,
          float* c, int cOffset, int cBatch, int cRow, int cCol,
          int M, int N, int K, float beta) {
    __shared__ float As[BK][BM + 4]; // As[k][m]: A's slice, transposed so the inner loop reads a row
    __shared__ float Bs[BK][BN];
    const long long batch = blockIdx.z;
    const float* A = a + aOffset + batch * aBatch;
    const float* B = b + bOffset + batch * bBatch;
    float* C = c + cOffset + batch * cBatch;
    const int tx = threadIdx.x % (BN / TN), ty = threadIdx.x / (BN / TN);
    const int rowBase = blockIdx.y * BM, colBase = blockIdx.x * BN;

    float acc[TM][TN];
    for (int i = 0; i < TM; i++)
        for (int j = 0; j < TN; j++) acc[i][j] = 0;

    for (int k0 = 0; k0 < K; k0 += BK) {
        for (int l = threadIdx.x; l < BM * BK; l += THREADS) {
            int m = l / BK, k = l % BK, gm = rowBase + m, gk = k0 + k;
            As[k][m] = (gm < M && gk < K) ? A[(long long) gm * aRow + (long long) gk * aCol] : 0.0f;
        }
        for (int l = threadIdx.x; l < BK * BN; l += THREADS) {
            int k = l / BN, n = l % BN, gk = k0 + k, gn = colBase + n;
            Bs[k][n] = (gk < K && gn < N) ? B[(long long) gk * bRow + (long long) gn * bCol] : 0.0f;
        }
        __syncthreads();
        #pragma unroll
        for (int k = 0; k < BK; k++) {
            float ar[TM], br[TN];
            #pragma unroll
            for (int i = 0; i < TM; i++) ar[i] = As[k][ty * TM + i];
            #pragma unroll
            for (int j = 0; j < TN; j++) br[j] = Bs[k][tx + j * (BN / TN)]; // neighbouring threads, neighbouring columns
            #pragma unroll
            for (int i = 0; i < TM; i++)
                #pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] += ar[i] * br[j];
        }
        __syncthreads();
    }
    for (int i = 0; i < TM; i++) {
        int row = rowBase + ty * TM + i;
        if (row >= M) continue;
        for (int j = 0; j < TN; j++) {
            int col = colBase + tx + j * (BN / TN);
            if (col >= N) continue;
            float* at = C + (long long) row * cRow + (long long) col * cCol;
            *at = beta == 0.0f ? acc[i][j] : acc[i][j] + beta * *at; // beta 0 never reads C (it may hold NaN)
        }
    }
}
