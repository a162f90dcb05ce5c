package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Backward and grad from several outputs at once, and the gradient setter. */
class MultiOutputBackwardTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64);
    }

    @Test
    void backwardFromTwoOutputsIsTheSumOfTheirBackwards() {
        Tensor x0 = randn(1, 3, 4), g1 = randn(2, 3, 4), g2 = randn(3, 4);
        Variable x = new Variable(x0, true);
        Autograd.backward(List.of(x.tanh(), x.sum(new int[] {0}, false)), List.of(g1, g2));
        Variable y = new Variable(x0, true);
        y.tanh().backward(g1);
        y.sum(new int[] {0}, false).backward(g2);
        assertTrue(x.grad().allClose(y.grad(), 1e-12, 1e-12), x.grad() + " vs " + y.grad());
    }

    @Test
    void gradOfSeveralOutputsCanBeDifferentiatedAgain() {
        Variable x = new Variable(Tensor.fromArray(new double[] {0.5, -1.0}, 2), true);
        // outputs x^3 and x^2 (scalar sums): d/dx = 3x^2 + 2x; differentiate that again: 6x + 2
        List<Variable> first = Autograd.grad(List.of(x.pow(3).sum(), x.square().sum()), List.of(x), null, true, true);
        assertArrayEquals(new double[] {3 * 0.25 + 1.0, 3 - 2.0}, first.get(0).data().toDoubleArray(), 1e-12);
        List<Variable> second = Autograd.grad(List.of(first.get(0).sum()), List.of(x), null, false, false);
        assertArrayEquals(new double[] {6 * 0.5 + 2, -6 + 2}, second.get(0).data().toDoubleArray(), 1e-12);
    }

    @Test
    void badCallsSayWhatIsWrong() {
        Variable x = new Variable(randn(4, 2, 2), true);
        IllegalArgumentException noGradient = assertThrows(IllegalArgumentException.class, () -> Autograd.backward(List.of(x.mul(2)), null));
        assertTrue(noGradient.getMessage().contains("output 0 has shape [2, 2]"), noGradient.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Autograd.backward(List.of(x.sum(), x.sum()), Arrays.asList((Tensor) null)));
        assertTrue(count.getMessage().contains("2 outputs but 1 gradients"), count.getMessage());
        assertThrows(IllegalStateException.class, () -> Autograd.backward(List.of(Variable.constant(Tensor.ones(1))), null));
    }

    @Test
    void setGradCastsAndChecksTheShape() {
        Variable w = new Variable(randn(5, 2, 3), true);
        w.setGrad(Tensor.ones(2, 3));
        assertEquals(DType.FLOAT64, w.grad().dtype(), "cast to the leaf's dtype");
        w.sum().backward();
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, w.grad().toDoubleArray(), "backward accumulates onto it");
        assertThrows(IllegalArgumentException.class, () -> w.setGrad(Tensor.ones(3, 2)));
        w.setGrad(null);
        assertNull(w.grad());
    }
}
