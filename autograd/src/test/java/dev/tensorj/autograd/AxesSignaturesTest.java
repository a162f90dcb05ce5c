package dev.tensorj.autograd;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Axes are int... on Tensor and Variable alike: one axis, several, or none (all). */
class AxesSignaturesTest {
    private final Tensor x = Tensor.randn(new Generator(4), 2, 3, 4).to(DType.FLOAT64);
    private final Variable v = new Variable(x, true);

    @Test
    void oneAxisSeveralOrNone() {
        assertTrue(v.max(1).data().allClose(x.max(1)) && x.max(1).allClose(x.max(new int[] {1}, false)), "max(1) beside argmax(1)");
        assertArrayEquals(x.argmax(1).dims(), v.max(1).data().dims());
        assertTrue(v.min(0, 2).data().allClose(x.min(new int[] {0, 2}, false)));
        assertTrue(x.min(0, 2).allClose(x.min(new int[] {0, 2}, false)));
        assertTrue(v.sum(0, 2).data().allClose(x.sum(0, 2)));
        assertTrue(v.mean(2).data().allClose(x.mean(2)));
        assertEquals(x.sum().item(), v.sum(new int[0]).data().item(), 1e-12, "no axes: all of them");
        v.max(1).sum().backward();
        assertEquals(8, v.grad().sum().item(), 1e-12, "a 1 at the maximum of each of the 2 x 4 lines along axis 1");
    }
}
