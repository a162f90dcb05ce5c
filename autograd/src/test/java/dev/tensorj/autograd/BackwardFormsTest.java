package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The forms of backward and grad that the multi-output tests leave out: retained graphs, unused inputs, non-leaf inputs. */
class BackwardFormsTest {
    private static Variable leaf(double... values) {
        return new Variable(Tensor.fromArray(values, values.length), true);
    }

    @Test
    void aRetainedGraphTakesASecondBackwardAndAFreedOneRefuses() {
        Variable x = leaf(1, 2);
        Variable y = x.square().sum();
        Autograd.backward(List.of(y), null, true, false);
        Autograd.backward(List.of(y), null, false, false);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray(), 1e-12, "2x, twice");
        IllegalStateException freed = assertThrows(IllegalStateException.class, () -> Autograd.backward(List.of(y), null));
        assertTrue(freed.getMessage().contains("a second time"), freed.getMessage());
    }

    @Test
    void gradGivesZerosForUnusedInputsAndLeavesGradAlone() {
        Variable x = leaf(1, 2), unused = leaf(3);
        List<Variable> g = Autograd.grad(List.of(x.mul(3).sum()), List.of(x, unused), null, false, false);
        assertArrayEquals(new double[] {3, 3}, g.get(0).data().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0}, g.get(1).data().toDoubleArray(), 0.0);
        assertEquals(DType.FLOAT64, g.get(1).data().dtype());
        assertNull(x.grad(), "grad returns, it does not accumulate");
    }

    @Test
    void gradRefusesANonLeafInput() {
        Variable x = leaf(1, 2);
        Variable h = x.mul(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.grad(List.of(h.sum()), List.of(h), null, false, false));
        assertTrue(e.getMessage().contains("inputs must be leaves"), e.getMessage());
    }

    @Test
    void createGraphInTheMultiOutputBackwardGivesDifferentiableGradients() {
        Variable x = leaf(0.5, -2);
        Autograd.backward(List.of(x.pow(3).sum()), null, false, true);
        Variable first = x.gradVariable(); // 3 x^2, with a graph
        assertTrue(first.requiresGrad());
        List<Variable> second = Autograd.grad(List.of(first.sum()), List.of(x), null, false, false);
        assertArrayEquals(new double[] {3, -12}, second.get(0).data().toDoubleArray(), 1e-12, "6x");
    }
}
