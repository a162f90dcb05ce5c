package dev.tensorj.cpu;

import dev.tensorj.tensor.Tensor;

import static dev.tensorj.cpu.CpuElementwise.floats;
import static dev.tensorj.cpu.GemmMicroKernel.MR;
import static dev.tensorj.cpu.GemmMicroKernel.NR;

/**
 * The LSTM recurrence over a whole sequence in one kernel call ({@code Backend.lstmSequenceForward} and
 * {@code lstmSequenceBackward}). What the default loop does with three kernel calls and two fresh
 * tensors per step, this does in place: W_hh is packed into the GEMM's B panels once per call, and each
 * step packs only h (or dGates), lets the micro-kernel add the product onto that step's gates, and runs
 * the cell kernel ({@link CpuLstmCell}) on the same rows. At the IMDB model's size (B = 32, H = 32) one
 * step's product is 131 k multiply-adds, small enough that the per-call costs (an output tensor,
 * re-packing W_hh, the separate add) took most of the step.
 */
final class CpuLstmSequence {
    private CpuLstmSequence() {
    }

    /** See {@code Backend.lstmSequenceForward}; all tensors contiguous FLOAT32, u of any strides. */
    static void forward(Tensor act, Tensor u, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        int steps = act.size(0), batch = act.size(1), gates = act.size(2), h = gates / 4;
        float[] av = floats(act), hv = floats(hs), cv = floats(cs);
        // gates_t += h_{t-1} W_hh^T: B = W_hh^T [H, 4H] is u read with its strides swapped
        PackedB recurrent = new PackedB(new GemmOperand(floats(u), u.offset(), u.stride(1), u.stride(0)), h, gates);
        float[] aPacked = new float[GemmBlocked.roundUp(batch, MR) * Math.min(h, GemmBlocked.KC)];
        int stepGates = batch * gates, stepStates = batch * h;
        for (int t = 0; t < steps; t++) {
            int g = act.offset() + t * stepGates;
            GemmOperand hPrev = t == 0 ? new GemmOperand(floats(h0), h0.offset(), h, 1)
                    : new GemmOperand(hv, hs.offset() + (t - 1) * stepStates, h, 1);
            recurrent.addProduct(hPrev, batch, aPacked, av, g, gates);
            float[] cPrev = t == 0 ? floats(c0) : cv;
            int cPrevAt = t == 0 ? c0.offset() : cs.offset() + (t - 1) * stepStates;
            int hAt = hs.offset() + t * stepStates, cAt = cs.offset() + t * stepStates;
            Parallel.forRange(batch, rowGrain(h), (first, end) -> CpuLstmCell.forwardRows(end - first, h, av, g + first * gates,
                    cPrev, cPrevAt + first * h, av, g + first * gates, hv, hAt + first * h, cv, cAt + first * h));
        }
    }

    /** See {@code Backend.lstmSequenceBackward}; all tensors contiguous FLOAT32, u of any strides. */
    static void backward(Tensor act, Tensor u, Tensor c0, Tensor cs, Tensor gH, Tensor gC, Tensor dGates, Tensor dh0, Tensor dc0) {
        int steps = act.size(0), batch = act.size(1), gates = act.size(2), h = gates / 4;
        int stepGates = batch * gates, stepStates = batch * h;
        float[] av = floats(act), cv = floats(cs), ghv = floats(gH), gcv = floats(gC), dgv = floats(dGates);
        // dh_{t-1} += dGates_t W_hh: B = W_hh [4H, H] as it is
        PackedB recurrent = new PackedB(new GemmOperand(floats(u), u.offset(), u.stride(0), u.stride(1)), gates, h);
        float[] aPacked = new float[GemmBlocked.roundUp(batch, MR) * Math.min(gates, GemmBlocked.KC)];
        // dh and dc of the step being walked, and the dcPrev it writes (swapped each step)
        float[] dh = new float[stepStates], dc = new float[stepStates], dcPrev = new float[stepStates];
        int last = (steps - 1) * stepStates;
        System.arraycopy(ghv, gH.offset() + last, dh, 0, stepStates);
        System.arraycopy(gcv, gC.offset() + last, dc, 0, stepStates);
        for (int t = steps - 1; t >= 0; t--) {
            float[] cPrev = t == 0 ? floats(c0) : cv;
            int cPrevAt = t == 0 ? c0.offset() : cs.offset() + (t - 1) * stepStates, dg = dGates.offset() + t * stepGates;
            float[] dcOut = t == 0 ? floats(dc0) : dcPrev;
            int dcOutAt = t == 0 ? dc0.offset() : 0;
            int aAt = act.offset() + t * stepGates, cAt = cs.offset() + t * stepStates;
            float[] dhIn = dh, dcIn = dc;
            Parallel.forRange(batch, rowGrain(h), (first, end) -> CpuLstmCell.backwardRows(end - first, h, av, aAt + first * gates,
                    cPrev, cPrevAt + first * h, cv, cAt + first * h, dhIn, first * h, dcIn, first * h, dgv, dg + first * gates,
                    dcOut, dcOutAt + first * h));
            // h_{t-1} feeds this step's gates: its gradient is what reaches it from outside plus dGates_t W_hh
            float[] dhOut = t == 0 ? floats(dh0) : dh;
            int dhOutAt = t == 0 ? dh0.offset() : 0;
            if (t == 0) {
                java.util.Arrays.fill(dhOut, dhOutAt, dhOutAt + stepStates, 0f);
            } else {
                System.arraycopy(ghv, gH.offset() + (t - 1) * stepStates, dh, 0, stepStates);
                int from = gC.offset() + (t - 1) * stepStates;
                for (int i = 0; i < stepStates; i++) dcPrev[i] += gcv[from + i];
                float[] swap = dc;
                dc = dcPrev;
                dcPrev = swap;
            }
            recurrent.addProduct(new GemmOperand(dgv, dg, gates, 1), batch, aPacked, dhOut, dhOutAt, h);
        }
    }

    /** Batch rows per thread for the cell kernel: about 4,096 cells (three exponentials each), so B = 32, H = 32 stays on one thread. */
    private static int rowGrain(int h) {
        return Math.max(1, 4096 / h);
    }

    /**
     * A B operand [k, n] packed once into the micro-kernel's panels, block by block of depth KC, for
     * C += A B with many different A (one per time step).
     */
    private static final class PackedB {
        private final int depth, columns;
        private final float[][] blocks; // block p: ceil(n / NR) panels of kc x NR, depth rows pc .. pc + kc

        PackedB(GemmOperand b, int depth, int columns) {
            this.depth = depth;
            this.columns = columns;
            int kBlocks = (depth + GemmBlocked.KC - 1) / GemmBlocked.KC;
            blocks = new float[kBlocks][];
            for (int p = 0; p < kBlocks; p++) {
                int pc = p * GemmBlocked.KC, kc = Math.min(GemmBlocked.KC, depth - pc);
                blocks[p] = new float[kc * GemmBlocked.roundUp(columns, NR)];
                GemmPacking.packB(b, pc, kc, 0, columns, blocks[p]);
            }
        }

        /** c[cAt + i * ldc + j] += (A B)[i, j] for A [m, depth]; aPacked holds at least roundUp(m, MR) x min(depth, KC) floats. */
        void addProduct(GemmOperand a, int m, float[] aPacked, float[] c, int cAt, int ldc) {
            GemmMicroKernel kernel = Gemm.kernel();
            int panelCount = (columns + NR - 1) / NR;
            boolean parallel = (long) m * columns * depth >= Gemm.PARALLEL_MIN_WORK; // a large batch; the IMDB model's stays on one thread
            for (int p = 0; p < blocks.length; p++) {
                int pc = p * GemmBlocked.KC, kc = Math.min(GemmBlocked.KC, depth - pc);
                GemmPacking.packA(a, 0, m, pc, kc, aPacked);
                float[] panels = blocks[p];
                Parallel.RangeBody strips = (first, end) -> {
                    for (int jr = first * NR; jr < Math.min(columns, end * NR); jr += NR) {
                        int width = Math.min(NR, columns - jr);
                        for (int ir = 0; ir < m; ir += MR) {
                            kernel.multiply(kc, aPacked, ir * kc, panels, jr * kc, NR, c, cAt + ir * ldc + jr, ldc,
                                    Math.min(MR, m - ir), width, true);
                        }
                    }
                };
                if (parallel) Parallel.forRange(panelCount, 1, strips);
                else strips.run(0, panelCount);
            }
        }
    }
}
