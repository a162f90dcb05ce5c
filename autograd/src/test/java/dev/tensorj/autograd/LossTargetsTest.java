package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Losses with targets that require grad, both BCE clamps at the edges, and their reductions. */
class LossTargetsTest {
    private static Variable leaf(double... values) {
        return new Variable(Tensor.fromArray(values, values.length), true);
    }

    private static double[] perElement(BceClamp clamp, double[] p, double[] t) {
        return F.binaryCrossEntropy(leaf(p), Tensor.fromArray(t, t.length), Reduction.NONE, clamp).data().toDoubleArray();
    }

    @Test
    void pytorchClampHoldsEachLogTermAtMinus100() {
        double[] p = {0, 0, 1, 1, 1e-50, 1e-50, 1e-50};
        double[] t = {1, 0, 1, 0, 1, 0, 0.5};
        // -(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100)); ln(1e-50) = -115.13 is clamped; 1 - 1e-50 is 1 in float64
        assertArrayEquals(new double[] {100, 0, 0, 100, 100, 0, 50}, perElement(BceClamp.LOG_TERMS, p, t), 1e-12);
        assertArrayEquals(perElement(BceClamp.LOG_TERMS, p, t), F.binaryCrossEntropy(leaf(p), Tensor.fromArray(t, 7), Reduction.NONE).data().toDoubleArray(),
                "F's default is PyTorch's clamp");
    }

    @Test
    void kerasClipHoldsProbabilitiesInsideEpsAndOneMinusEps() {
        double[] p = {0, 0, 1, 1, 1e-50, 1e-50};
        double[] t = {1, 0, 1, 0, 1, 0};
        double lo = -Math.log(1e-7), loComplement = -Math.log(1 - 1e-7), hi = -Math.log(1 - (1 - 1e-7));
        assertEquals(16.11809565095832, lo, 1e-12);
        assertArrayEquals(new double[] {lo, loComplement, loComplement, hi, lo, loComplement}, perElement(BceClamp.PROBABILITIES, p, t), 1e-9);
    }

    @Test
    void pytorchClampHasPyTorchsGradientAtZero() {
        Variable p = leaf(0, 0.25);
        Variable t = leaf(1, 0.5);
        F.binaryCrossEntropy(p, t, Reduction.SUM).backward();
        // d/dp = (p - t) / max(p (1 - p), 1e-12); d/dt = max(ln(1 - p), -100) - max(ln p, -100)
        assertArrayEquals(new double[] {-1e12, (0.25 - 0.5) / (0.25 * 0.75)}, p.grad().toDoubleArray(), 1e-3);
        assertArrayEquals(new double[] {0 - (-100), Math.log(0.75) - Math.log(0.25)}, t.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void targetsGetTheGradientPyTorchGivesThem() {
        Tensor y0 = Tensor.randn(new Generator(1), 3, 4).to(DType.FLOAT64), t0 = Tensor.randn(new Generator(2), 3, 4).to(DType.FLOAT64);
        Variable y = new Variable(y0, true), t = new Variable(t0, true);
        F.mseLoss(y, t).backward();
        assertTrue(t.grad().allClose(y.grad().neg(), 1e-12, 1e-12), "d mse / dt = -d mse / dy");
        assertTrue(y.grad().allClose(y0.sub(t0).mul(2.0 / 12), 1e-12, 1e-12));

        Variable x = new Variable(y0, true), p = new Variable(t0.sigmoid(), true);
        F.binaryCrossEntropyWithLogits(x, p, Reduction.SUM).backward();
        assertTrue(p.grad().allClose(y0.neg(), 1e-12, 1e-12), "d bceWithLogits / dt = -x");
    }

    @Test
    void crossEntropyWithAVariableTargetTakesProbabilities() {
        Tensor logits = Tensor.randn(new Generator(3), 4, 5).to(DType.FLOAT64);
        Tensor labels = Tensor.ofLongs(0, 4, 2, 2);
        Variable target = new Variable(labels.oneHot(5).to(DType.FLOAT64), true);
        Variable soft = F.crossEntropy(new Variable(logits, true), target);
        assertEquals(F.crossEntropy(new Variable(logits, false), labels).data().item(), soft.data().item(), 1e-12);
        soft.backward();
        assertTrue(target.grad().allClose(logits.logSoftmax(1).neg().div(4), 1e-12, 1e-12), "d/dt = -log softmax(x) / N");
    }

    @Test
    void everyLossTakesAReduction() {
        Variable y = leaf(1, 2, 3);
        Tensor t = Tensor.fromArray(new double[] {0, 4, 3}, 3);
        assertEquals(5, F.mseLoss(y, t, Reduction.SUM).data().item(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 0}, F.l1Loss(y, t, Reduction.NONE).data().toDoubleArray(), 1e-12);
        Variable logProbabilities = new Variable(Tensor.fromArray(new double[] {-1, -2, -3, -4}, 2, 2), true);
        assertEquals(1 + 4, F.nllLoss(logProbabilities, Tensor.ofLongs(0, 1), Reduction.SUM).data().item(), 1e-12);
        assertEquals(2.5, F.nllLoss(logProbabilities, Tensor.ofLongs(0, 1)).data().item(), 1e-12);
    }

    @Test
    void aVariableTargetOfAnotherShapeOrOfIndicesIsNamed() {
        Variable y = leaf(1, 2, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(y, leaf(1, 2)));
        assertEquals("mseLoss: predictions [3] and targets [2] differ in shape", shape.getMessage());
        IllegalArgumentException indices = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(new Variable(Tensor.zeros(DType.FLOAT64, 2, 3), true), Variable.constant(Tensor.ofLongs(0, 1, 2, 0, 1, 2).reshape(2, 3))));
        assertTrue(indices.getMessage().contains("targets must be floating-point, got INT64"), indices.getMessage());
    }

    @Test
    void huberSmoothL1AndKlDivAgainstHandValues() {
        Tensor zeros = Tensor.zeros(DType.FLOAT64, 3);
        assertArrayEquals(new double[] {0.125, 1.5, 2.5}, F.huberLoss(leaf(0.5, -2, 3), zeros, Reduction.NONE, 1).data().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.125, 0.875, 1.375}, F.huberLoss(leaf(0.5, -2, 3), zeros, Reduction.NONE, 0.5).data().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.0625, 1.75, 2.75}, F.smoothL1Loss(leaf(0.25, -2, 3), zeros, Reduction.NONE, 0.5).data().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.25, 2, 3}, F.smoothL1Loss(leaf(0.25, -2, 3), zeros, Reduction.NONE, 0).data().toDoubleArray(), 1e-12, "beta 0: L1");
        Variable logQ = leaf(Math.log(0.5), Math.log(0.5));
        Variable p = leaf(1, 0);
        Variable kl = F.klDiv(logQ, p, Reduction.SUM);
        assertEquals(Math.log(2), kl.data().item(), 1e-12);
        kl.backward();
        assertArrayEquals(new double[] {-1, 0}, logQ.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0 + 1 - Math.log(0.5), 0}, p.grad().toDoubleArray(), 1e-12, "ln t + 1 - input, and 0 (not NaN) where t = 0");
    }
}
