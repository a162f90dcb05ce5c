package dev.tensorj.cpu;

import dev.tensorj.tensor.Backends;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.LstmCellOps;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused LSTM recurrence ({@link CpuLstmSequence}) against the reference backend's step-by-step loop
 * (the {@code Backend} default, run with every op on the reference loops): edge tiles of the micro-kernel
 * (B not a multiple of 6, 4H not a multiple of the panel width), W_hh deeper than one packed block
 * (4H > 256 in the backward), a transposed W_hh, one step, and the plain-Java kernels.
 */
class LstmSequenceConformanceTest {

    @Test
    void forwardAndBackwardMatchTheReferenceLoop() {
        try {
            for (boolean vector : new boolean[] {true, false}) {
                Simd.allow(vector);
                for (int[] tbh : new int[][] {{5, 32, 32}, {3, 7, 5}, {4, 1, 37}, {2, 13, 70}, {1, 3, 2}, {3, 0, 4}}) {
                    compare(tbh[0], tbh[1], tbh[2], false);
                    compare(tbh[0], tbh[1], tbh[2], true);
                }
            }
        } finally {
            Simd.allow(true);
        }
    }

    /**
     * The threads split the batch rows for the whole sequence; a row's arithmetic is the same on any thread, so one,
     * two and three threads (ranges of 32 rows: one, 16 + 16, 11 + 11 + 10, each with its own edge tile) give the
     * same bits.
     */
    @Test
    void theResultDoesNotDependOnTheThreadCount() {
        try {
            for (int[] tbh : new int[][] {{5, 32, 32}, {3, 13, 70}, {2, 12, 5}}) {
                Generator g = new Generator(7);
                int steps = tbh[0], batch = tbh[1], h = tbh[2];
                Tensor projections = Tensor.randn(g, steps, batch, 4 * h).mul(2), u = Tensor.randn(g, 4 * h, h).mul(0.5);
                Tensor h0 = Tensor.randn(g, batch, h), c0 = Tensor.randn(g, batch, h);
                Tensor gH = Tensor.randn(g, steps, batch, h), gC = Tensor.randn(g, steps, batch, h);
                Parallel.setThreads(1);
                Tensor[] one = run(CpuBackend.INSTANCE, projections, u, h0, c0, gH, gC);
                for (int threads : new int[] {2, 3}) {
                    Parallel.setThreads(threads);
                    Tensor[] many = run(CpuBackend.INSTANCE, projections, u, h0, c0, gH, gC);
                    for (int i = 0; i < one.length; i++) {
                        assertArrayEquals(one[i].toFloatArray(), many[i].toFloatArray(), "output " + i + " of " + steps + "x" + batch + "x" + h + " on " + threads + " threads");
                    }
                }
            }
        } finally {
            Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        }
    }

    private static void compare(int steps, int batch, int h, boolean transposedWeights) {
        Generator g = new Generator(1000L * steps + 10L * batch + h);
        Tensor projections = Tensor.randn(g, steps, batch, 4 * h).mul(2);
        Tensor u = transposedWeights ? Tensor.randn(g, h, 4 * h).mul(0.5).t() : Tensor.randn(g, 4 * h, h).mul(0.5);
        Tensor h0 = Tensor.randn(g, batch, h), c0 = Tensor.randn(g, batch, h);
        Tensor gH = Tensor.randn(g, steps, batch, h), gC = Tensor.randn(g, steps, batch, h);
        String what = steps + "x" + batch + "x" + h + (transposedWeights ? ", W_hh transposed" : "") + (Simd.enabled() ? " (vector)" : " (plain)");

        Tensor[] fast = run(CpuBackend.INSTANCE, projections, u, h0, c0, gH, gC);
        Tensor[] reference;
        try (var scope = Backends.useCpu(ReferenceBackend.INSTANCE)) {
            reference = run(ReferenceBackend.INSTANCE, projections, u, h0, c0, gH, gC);
        }
        String[] names = {"act", "hs", "cs", "dGates", "dh0", "dc0"};
        for (int i = 0; i < names.length; i++) {
            Tensor ours = fast[i], theirs = reference[i];
            String name = names[i];
            assertTrue(ours.allClose(theirs, 1e-4, 1e-5), () -> name + " of " + what + ": max difference " + ours.sub(theirs).abs().max().item());
        }
    }

    private static Tensor[] run(dev.tensorj.tensor.Backend backend, Tensor projections, Tensor u, Tensor h0, Tensor c0, Tensor gH, Tensor gC) {
        int steps = projections.size(0), batch = projections.size(1), h = h0.size(1);
        Tensor act = projections.copy(), hs = Tensor.zeros(steps, batch, h), cs = Tensor.zeros(steps, batch, h);
        backend.lstmSequenceForward(act, u, h0, c0, hs, cs);
        Tensor dGates = Tensor.zeros(steps, batch, 4 * h), dh0 = Tensor.zeros(batch, h), dc0 = Tensor.zeros(batch, h);
        backend.lstmSequenceBackward(act, u, c0, cs, gH, gC, dGates, dh0, dc0);
        return new Tensor[] {act, hs, cs, dGates, dh0, dc0};
    }

    @Test
    void badShapesNameTheOpAndTheTensor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LstmCellOps.sequenceForward(
                Tensor.zeros(3, 2, 8), Tensor.zeros(8, 3), Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(3, 2, 2), Tensor.zeros(3, 2, 2)));
        assertTrue(e.getMessage().contains("lstmSequence") && e.getMessage().contains("W_hh") && e.getMessage().contains("[8, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LstmCellOps.sequenceForward(
                Tensor.zeros(0, 2, 8), Tensor.zeros(8, 2), Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(0, 2, 2), Tensor.zeros(0, 2, 2)));
        assertTrue(e.getMessage().contains("T >= 1"), e.getMessage());
    }
}
