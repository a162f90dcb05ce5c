package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A gradient takes the dtype of the value it belongs to, as in PyTorch. */
class GradientDTypeTest {
    @Test
    void aFloat64InputLeavesFloat32GradientsOnFloat32Weights() {
        Variable w = new Variable(Tensor.randn(new Generator(1), 3, 2), true); // FLOAT32
        Variable hidden = w.mul(2); // a float32 non-leaf
        Variable x = Variable.constant(Tensor.randn(new Generator(2), 4, 3).to(DType.FLOAT64));
        Variable y = x.matmul(hidden);
        assertEquals(DType.FLOAT64, y.data().dtype(), "the forward promotes");
        y.sum().backward();
        assertEquals(DType.FLOAT32, w.grad().dtype());
        Tensor expected = x.data().sum(0).unsqueeze(1).expand(3, 2).mul(2);
        assertTrue(w.grad().to(DType.FLOAT64).allClose(expected, 1e-6, 1e-6), w.grad() + " vs " + expected);
    }

    @Test
    void aFloat32InputLeavesFloat64GradientsOnFloat64WeightsAndAutogradGradToo() {
        Variable w = new Variable(Tensor.fromArray(new double[] {0.1, 0.2}, 2), true);
        Variable x = Variable.constant(Tensor.of(3f, 4f));
        List<Variable> g = Autograd.grad(w.mul(x).sum(), List.of(w), null, false);
        assertEquals(DType.FLOAT64, g.get(0).data().dtype());
        w.mul(x).sum().backward(Tensor.scalar(1, DType.FLOAT32));
        assertEquals(DType.FLOAT64, w.grad().dtype(), "an explicit float32 output gradient is cast too");
    }

    @Test
    void secondDerivativesFlowThroughTheCast() {
        Variable w = new Variable(Tensor.of(0.5f, -1f), true); // FLOAT32
        Variable x = Variable.constant(Tensor.fromArray(new double[] {2, 3}, 2));
        // L = sum(x w^3): dL/dw = 3 x w^2 (float64 math, cast to float32); d/dw sum(dL/dw) = 6 x w
        List<Variable> first = Autograd.grad(List.of(w.pow(3).mul(x).sum()), List.of(w), null, true, true);
        assertEquals(DType.FLOAT32, first.get(0).data().dtype());
        List<Variable> second = Autograd.grad(List.of(first.get(0).sum()), List.of(w), null, false, false);
        assertEquals(DType.FLOAT32, second.get(0).data().dtype());
        assertArrayEquals(new float[] {6 * 2 * 0.5f, 6 * 3 * -1f}, second.get(0).data().toFloatArray(), 1e-5f);
    }

    @Test
    void aHookThatChangesTheDtypeIsCastBack() {
        Variable w = new Variable(Tensor.of(1f, 2f), true);
        w.registerHook(g -> g.to(DType.FLOAT64).mul(10));
        w.sum().backward();
        assertEquals(DType.FLOAT32, w.grad().dtype());
        assertArrayEquals(new float[] {10, 10}, w.grad().toFloatArray());
    }
}
