package dev.tensorj.autograd;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What the engine promises: accumulation, graph lifetime, grad modes, hooks, version checks, anomaly mode. */
class EngineTest {

    private static Variable param(float... values) {
        return new Variable(Tensor.of(values), true);
    }

    @Test
    void gradientsAddUpWhereAValueIsUsedTwice() {
        Variable x = param(3f);
        Variable y = x.mul(x).add(x); // y = x^2 + x, dy/dx = 2x + 1 = 7
        y.sum().backward();
        assertEquals(7, x.grad().item(), 1e-6);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Variable x = param(2f);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertEquals(6, x.grad().item(), 1e-6);
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(3).sum().backward();
        assertEquals(3, x.grad().item(), 1e-6);
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        Variable m = new Variable(Tensor.ones(2, 3), true);
        Variable bias = param(1f, 2f, 3f);
        m.add(bias).sum().backward();
        assertArrayEquals(new float[] {2, 2, 2}, bias.grad().toFloatArray());
        assertArrayEquals(new int[] {2, 3}, m.grad().dims());
    }

    @Test
    void aFreedGraphCannotBeWalkedTwiceButARetainedOneCan() {
        Variable x = param(1f, 2f);
        Variable loss = x.exp().sum();
        loss.backward(null, true, false);
        loss.backward(); // retained the first time: fine, and frees it now
        assertArrayEquals(new float[] {2 * (float) Math.E, 2 * (float) Math.exp(2)}, x.grad().toFloatArray(), 1e-5f);
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void noGradScopesRecordNothing() {
        Variable x = param(1f);
        Variable y;
        try (var g = Grad.disabled()) {
            y = x.mul(2);
            assertFalse(Grad.isEnabled());
        }
        assertTrue(Grad.isEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
    }

    @Test
    void detachCutsTheGraph() {
        Variable x = param(2f);
        Variable y = x.mul(x).detach().mul(x); // d/dx of (const 4) * x = 4
        y.sum().backward();
        assertEquals(4, x.grad().item(), 1e-6);
        assertFalse(x.mul(2).detach().requiresGrad());
    }

    @Test
    void requiresGradPropagates() {
        Variable a = new Variable(Tensor.ones(2), false);
        Variable b = param(1f, 1f);
        assertFalse(a.mul(2).requiresGrad());
        assertTrue(a.add(b).requiresGrad());
        assertThrows(IllegalStateException.class, () -> a.mul(2).sum().backward());
    }

    @Test
    void hooksSeeAndCanReplaceGradients() {
        Variable x = param(1f, 2f);
        Variable y = x.mul(3);
        double[] seen = new double[1];
        y.registerHook(g -> {
            seen[0] = g.sum().item();
            return null;
        });
        x.registerHook(g -> g.mul(10));
        y.sum().backward();
        assertEquals(2, seen[0], 1e-6);
        assertArrayEquals(new float[] {30, 30}, x.grad().toFloatArray());
    }

    @Test
    void modifyingASavedTensorInPlaceFailsTheBackward() {
        Variable x = param(1f, 2f);
        Variable w = new Variable(Tensor.of(3f, 4f), true);
        Variable y = x.mul(w).sum();
        w.data().mulInPlace(2); // like an optimiser step between forward and backward
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("'mul'") && e.getMessage().contains("modified in place"), e.getMessage());
    }

    @Test
    void anomalyModeNamesTheOpThatMadeNaN() {
        Variable x = param(-1f, 1f);
        try (var a = Anomaly.enable()) {
            ArithmeticException forward = assertThrows(ArithmeticException.class, () -> x.log());
            assertTrue(forward.getMessage().contains("'log'"), forward.getMessage());
            Variable y = x.abs().sqrt(); // fine forward; the backward of sqrt at 0 would be inf, here it is finite
            y.sum().backward();
            Variable z = new Variable(Tensor.of(0f, 1f), true).sqrt();
            ArithmeticException backward = assertThrows(ArithmeticException.class, () -> z.sum().backward());
            assertTrue(backward.getMessage().contains("'sqrt'") && backward.getMessage().contains("created"), backward.getMessage());
        }
    }

    @Test
    void aTenThousandNodeChainNeedsNoRecursion() {
        Variable x = param(1f);
        Variable y = x;
        for (int i = 0; i < 10_000; i++) y = y.mul(1.0001);
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 10_000), x.grad().item(), 1e-3);
    }

    @Test
    void secondDerivatives() {
        Variable x = param(2f);
        Variable y = x.pow(3).sum(); // dy/dx = 3x^2 = 12, d2y/dx2 = 6x = 12
        Variable dydx = Autograd.grad(y, List.of(x), null, true).get(0);
        assertEquals(12, dydx.data().item(), 1e-5);
        Variable d2 = Autograd.grad(dydx.sum(), List.of(x), null, false).get(0);
        assertEquals(12, d2.data().item(), 1e-4);
    }

    @Test
    void dotOutputShowsOpsShapesAndLeaves() {
        Variable x = new Variable(Tensor.randn(new Generator(0), 2, 3), true).setName("x");
        Variable w = new Variable(Tensor.randn(new Generator(1), 3, 4), false).setName("w");
        String dot = Graphviz.toDot(x.matmul(w).relu().sum());
        assertTrue(dot.startsWith("digraph autograd {"), dot);
        assertTrue(dot.contains("matmul\\n[2, 4]") && dot.contains("relu") && dot.contains("sum"), dot);
        assertTrue(dot.contains("x\\n[2, 3]\", style=filled") && dot.contains("w\\n[3, 4]\"]"), dot);
        assertEquals(4, dot.split("->").length - 1, dot);
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        Variable x = param(1f, 2f);
        Variable y = x.mul(2);
        assertThrows(IllegalArgumentException.class, y::backward);
        y.backward(Tensor.of(1f, 10f));
        assertArrayEquals(new float[] {2, 20}, x.grad().toFloatArray());
    }

    /** Leaves may keep a fresh gradient without a copy, but never share one, nor hold the caller's gradient tensor. */
    @Test
    void adoptedGradientsAreNeverShared() {
        Variable a = new Variable(Tensor.of(1f, 2f), true), b = new Variable(Tensor.of(3f, 4f), true);
        a.add(b).mul(2).sum().backward(); // add's backward hands the same tensor to a and b
        assertFalse(a.grad().sharesMemoryWith(b.grad()));
        a.grad().mulInPlace(10); // e.g. gradient clipping in place
        assertArrayEquals(new float[] {2, 2}, b.grad().toFloatArray());
        Variable c = new Variable(Tensor.of(1f, 2f), true);
        Tensor upstream = Tensor.of(5f, 6f);
        c.mul(1).backward(upstream);
        upstream.mulInPlace(0);
        assertArrayEquals(new float[] {5, 6}, c.grad().toFloatArray());
        Variable d = new Variable(Tensor.of(1f, 2f), true);
        d.backward(upstream.add(7));
        assertArrayEquals(new float[] {7, 7}, d.grad().toFloatArray());
    }
}
