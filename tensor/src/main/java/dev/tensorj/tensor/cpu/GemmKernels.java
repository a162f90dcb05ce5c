package dev.tensorj.tensor.cpu;

/**
 * The GEMM micro-kernel: C[0:6, 0:16] += A-strip (6 x depth) times B-strip (depth x 16), both packed.
 * The vectorised version ({@link GemmVectorKernel}, Vector API) runs when {@code jdk.incubator.vector}
 * is present; otherwise, or with {@code -Dtensorj.gemm=scalar}, a plain-Java kernel does the same.
 */
final class GemmKernels {
    static final int MR = 6, NR = 16;
    static final boolean VECTOR = !"scalar".equals(System.getProperty("tensorj.gemm")) && VectorSupport.AVAILABLE;

    private GemmKernels() {
    }

    static void kernel(int depth, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        if (VECTOR) GemmVectorKernel.kernel(depth, a, aOff, b, bOff, c, cOff, ldc);
        else scalarKernel(depth, a, aOff, b, bOff, c, cOff, ldc);
    }

    /** Which kernel runs, for logs and benchmark tables. */
    static String implementation() {
        return VECTOR ? "vector (" + GemmVectorKernel.SPECIES_NAME + ")" : "scalar";
    }

    /** Plain Java: a 6 x 16 accumulator tile, one rank-1 update per k. */
    static void scalarKernel(int depth, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc) {
        float[] acc = new float[MR * NR];
        for (int q = 0; q < depth; q++) {
            int bq = bOff + q * NR, aq = aOff + q * MR;
            for (int r = 0; r < MR; r++) {
                float ar = a[aq + r];
                int row = r * NR;
                for (int j = 0; j < NR; j++) acc[row + j] += ar * b[bq + j];
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) c[cOff + r * ldc + j] += acc[r * NR + j];
        }
    }
}
