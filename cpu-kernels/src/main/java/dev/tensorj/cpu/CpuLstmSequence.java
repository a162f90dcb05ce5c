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
 * re-packing W_hh, the separate add) took most of the step. The threads split the batch, not the steps:
 * each takes its rows through the whole sequence (at B = 32 two threads of 16 rows), with no barrier per
 * step; each row's arithmetic is the same whichever thread runs it, so the result does not depend on the
 * thread count.
 */
final class CpuLstmSequence {
    private CpuLstmSequence() {
    }

    /** See {@code Backend.lstmSequenceForward}; all tensors contiguous FLOAT32, u of any strides. */
    static void forward(Tensor act, Tensor u, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        int batch = act.size(1), h = act.size(2) / 4;
        // gates_t += h_{t-1} W_hh^T: B = W_hh^T [H, 4H] is u read with its strides swapped
        PackedB recurrent = new PackedB(new GemmOperand(floats(u), u.offset(), u.stride(1), u.stride(0)), h, 4 * h);
        Parallel.forRange(batch, MR, (first, end) -> forwardRows(first, end, act, recurrent, h0, c0, hs, cs));
    }

    /**
     * The whole recurrence for batch rows [first, end). Rows of a batch never meet in an LSTM (row b's h_t needs
     * only row b's h_{t-1}), so each thread takes its rows through all T steps with no barrier between steps.
     */
    private static void forwardRows(int first, int end, Tensor act, PackedB recurrent, Tensor h0, Tensor c0, Tensor hs, Tensor cs) {
        int steps = act.size(0), batch = act.size(1), gates = act.size(2), h = gates / 4, rows = end - first;
        float[] av = floats(act), hv = floats(hs), cv = floats(cs);
        float[] aPacked = new float[GemmBlocked.roundUp(rows, MR) * Math.min(h, GemmBlocked.KC)];
        int stepGates = batch * gates, stepStates = batch * h;
        for (int t = 0; t < steps; t++) {
            int g = act.offset() + t * stepGates + first * gates;
            GemmOperand hPrev = t == 0 ? new GemmOperand(floats(h0), h0.offset() + first * h, h, 1)
                    : new GemmOperand(hv, hs.offset() + (t - 1) * stepStates + first * h, h, 1);
            recurrent.addProduct(hPrev, rows, aPacked, av, g, gates);
            float[] cPrev = t == 0 ? floats(c0) : cv;
            int cPrevAt = (t == 0 ? c0.offset() : cs.offset() + (t - 1) * stepStates) + first * h;
            int hAt = hs.offset() + t * stepStates + first * h, cAt = cs.offset() + t * stepStates + first * h;
            CpuLstmCell.forwardRows(rows, h, av, g, cPrev, cPrevAt, av, g, hv, hAt, cv, cAt);
        }
    }

    /** See {@code Backend.lstmSequenceBackward}; all tensors contiguous FLOAT32, u of any strides. */
    static void backward(Tensor act, Tensor u, Tensor c0, Tensor cs, Tensor gH, Tensor gC, Tensor dGates, Tensor dh0, Tensor dc0) {
        int batch = act.size(1), h = act.size(2) / 4;
        // dh_{t-1} += dGates_t W_hh: B = W_hh [4H, H] as it is
        PackedB recurrent = new PackedB(new GemmOperand(floats(u), u.offset(), u.stride(0), u.stride(1)), 4 * h, h);
        Parallel.forRange(batch, MR, (first, end) -> backwardRows(first, end, act, recurrent, c0, cs, gH, gC, dGates, dh0, dc0));
    }

    /** Backpropagation through time for batch rows [first, end), all T steps (see {@link #forwardRows}). */
    private static void backwardRows(int first, int end, Tensor act, PackedB recurrent, Tensor c0, Tensor cs, Tensor gH, Tensor gC,
                                     Tensor dGates, Tensor dh0, Tensor dc0) {
        int steps = act.size(0), batch = act.size(1), gates = act.size(2), h = gates / 4, rows = end - first;
        int stepGates = batch * gates, stepStates = batch * h, rowStates = rows * h, at = first * h;
        float[] av = floats(act), cv = floats(cs), ghv = floats(gH), gcv = floats(gC), dgv = floats(dGates);
        float[] aPacked = new float[GemmBlocked.roundUp(rows, MR) * Math.min(gates, GemmBlocked.KC)];
        // dh and dc of these rows at the step being walked, and the dcPrev it writes (swapped each step)
        float[] dh = new float[rowStates], dc = new float[rowStates], dcPrev = new float[rowStates];
        int last = (steps - 1) * stepStates + at;
        System.arraycopy(ghv, gH.offset() + last, dh, 0, rowStates);
        System.arraycopy(gcv, gC.offset() + last, dc, 0, rowStates);
        for (int t = steps - 1; t >= 0; t--) {
            float[] cPrev = t == 0 ? floats(c0) : cv;
            int cPrevAt = (t == 0 ? c0.offset() : cs.offset() + (t - 1) * stepStates) + at, dg = dGates.offset() + t * stepGates + first * gates;
            float[] dcOut = t == 0 ? floats(dc0) : dcPrev;
            int dcOutAt = t == 0 ? dc0.offset() + at : 0;
            int aAt = act.offset() + t * stepGates + first * gates, cAt = cs.offset() + t * stepStates + at;
            CpuLstmCell.backwardRows(rows, h, av, aAt, cPrev, cPrevAt, cv, cAt, dh, 0, dc, 0, dgv, dg, dcOut, dcOutAt);
            // h_{t-1} feeds this step's gates: its gradient is what reaches it from outside plus dGates_t W_hh
            float[] dhOut = t == 0 ? floats(dh0) : dh;
            int dhOutAt = t == 0 ? dh0.offset() + at : 0;
            if (t == 0) {
                java.util.Arrays.fill(dhOut, dhOutAt, dhOutAt + rowStates, 0f);
            } else {
                System.arraycopy(ghv, gH.offset() + (t - 1) * stepStates + at, dh, 0, rowStates);
                int from = gC.offset() + (t - 1) * stepStates + at;
                for (int i = 0; i < rowStates; i++) dcPrev[i] += gcv[from + i];
                float[] swap = dc;
                dc = dcPrev;
                dcPrev = swap;
            }
            recurrent.addProduct(new GemmOperand(dgv, dg, gates, 1), rows, aPacked, dhOut, dhOutAt, h);
        }
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
            // h or dGates, row-major: its rows are read in place (a step's A serves only 4H / NR panels; see GemmBlocked)
            boolean aInPlace = GemmBlocked.readsAInPlace(kernel, a, columns);
            float[] av = a.data();
            int ars = a.rowStride(), acs = a.columnStride();
            int panelCount = (columns + NR - 1) / NR;
            boolean parallel = (long) m * columns * depth >= Gemm.PARALLEL_MIN_WORK; // a large batch; the IMDB model's stays on one thread
            for (int p = 0; p < blocks.length; p++) {
                int pc = p * GemmBlocked.KC, kc = Math.min(GemmBlocked.KC, depth - pc);
                if (!aInPlace) GemmPacking.packA(a, 0, m, pc, kc, aPacked);
                float[] panels = blocks[p];
                Parallel.RangeBody strips = (first, end) -> {
                    for (int jr = first * NR; jr < Math.min(columns, end * NR); jr += NR) {
                        int width = Math.min(NR, columns - jr);
                        for (int ir = 0; ir < m; ir += MR) {
                            if (aInPlace) {
                                kernel.multiplyStridedA(kc, av, a.offset() + ir * ars + pc * acs, ars, acs, panels, jr * kc, NR,
                                        c, cAt + ir * ldc + jr, ldc, Math.min(MR, m - ir), width, true);
                            } else {
                                kernel.multiply(kc, aPacked, ir * kc, panels, jr * kc, NR, c, cAt + ir * ldc + jr, ldc,
                                        Math.min(MR, m - ir), width, true);
                            }
                        }
                    }
                };
                if (parallel) Parallel.forRange(panelCount, 1, strips);
                else strips.run(0, panelCount);
            }
        }
    }
}
