package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.LstmCellOps;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CPU LSTM cell kernels against the reference, on contiguous, strided and empty inputs. */
class LstmCellConformanceTest {

    @Test
    void forwardAndBackwardMatchTheReferenceWithAndWithoutVectorLoops() {
        try {
            for (boolean vector : new boolean[] {true, false}) {
                Simd.allow(vector);
                compareWithReference();
            }
        } finally {
            Simd.allow(true);
        }
    }

    private static void compareWithReference() {
        for (int[] bh : new int[][] {{32, 32}, {4, 37}, {1, 5}, {7, 3}, {0, 4}}) {
            int b = bh[0], h = bh[1];
            Generator g = new Generator(31L * b + h);
            Tensor gates = Tensor.randn(g, b, 4 * h).mul(3), cPrev = Tensor.randn(g, b, h);
            Tensor act = Tensor.zeros(b, 4 * h), hOut = Tensor.zeros(b, h), c = Tensor.zeros(b, h);
            Tensor actRef = Tensor.zeros(b, 4 * h), hRef = Tensor.zeros(b, h), cRef = Tensor.zeros(b, h);
            CpuBackend.INSTANCE.lstmCellForward(gates, cPrev, act, hOut, c);
            ReferenceBackend.INSTANCE.lstmCellForward(gates, cPrev, actRef, hRef, cRef);
            String what = b + "x" + h + (Simd.enabled() ? " (vector)" : " (plain)");
            assertTrue(act.allClose(actRef, 1e-5, 1e-6) && hOut.allClose(hRef, 1e-5, 1e-6) && c.allClose(cRef, 1e-5, 1e-6), "forward " + what);
            Tensor dh = Tensor.randn(g, b, h), dc = Tensor.randn(g, b, h);
            Tensor dGates = Tensor.zeros(b, 4 * h), dGatesRef = Tensor.zeros(b, 4 * h), dcPrev = Tensor.zeros(b, h), dcPrevRef = Tensor.zeros(b, h);
            CpuBackend.INSTANCE.lstmCellBackward(act, cPrev, c, dh, dc, dGates, dcPrev);
            ReferenceBackend.INSTANCE.lstmCellBackward(actRef, cPrev, cRef, dh, dc, dGatesRef, dcPrevRef);
            assertTrue(dGates.allClose(dGatesRef, 1e-5, 1e-6) && dcPrev.allClose(dcPrevRef, 1e-5, 1e-6), "backward " + what);
        }
    }

    @Test
    void stridedInputsAgreeWithContiguousOnes() {
        Generator g = new Generator(5);
        Tensor gates = Tensor.randn(g, 6, 24).slice(0, 0, 6, 2); // [3, 24], every other row
        Tensor cPrev = Tensor.randn(g, 6, 3).t();                 // [3, 6], transposed
        Tensor act = Tensor.zeros(3, 24), h = Tensor.zeros(3, 6), c = Tensor.zeros(3, 6);
        Tensor actRef = Tensor.zeros(3, 24), hRef = Tensor.zeros(3, 6), cRef = Tensor.zeros(3, 6);
        CpuBackend.INSTANCE.lstmCellForward(gates, cPrev, act, h, c);
        ReferenceBackend.INSTANCE.lstmCellForward(gates.contiguous(), cPrev.contiguous(), actRef, hRef, cRef);
        assertTrue(act.allClose(actRef, 1e-6, 1e-7) && h.allClose(hRef, 1e-6, 1e-7) && c.allClose(cRef, 1e-6, 1e-7));
    }

    @Test
    void badShapesNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LstmCellOps.forward(Tensor.zeros(2, 7), Tensor.zeros(2, 2), Tensor.zeros(2, 8), Tensor.zeros(2, 2), Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("lstmCell") && e.getMessage().contains("[2, 7]"), e.getMessage());
    }
}
