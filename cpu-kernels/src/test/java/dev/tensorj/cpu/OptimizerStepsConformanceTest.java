package dev.tensorj.cpu;

import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensor.reference.ReferenceBackend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused Adam and RMSprop updates of the CPU backend against the reference, on large (threaded) and odd sizes. */
class OptimizerStepsConformanceTest {

    @org.junit.jupiter.params.ParameterizedTest(name = "vector loops {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void adamAndRmspropMatchTheReference(boolean vectorLoops) {
        Simd.allow(vectorLoops);
        try {
            adamAndRmspropMatch();
        } finally {
            Simd.allow(true);
        }
    }

    private static void adamAndRmspropMatch() {
        for (int n : new int[] {1, 7, 100_003}) {
            Generator g = new Generator(n);
            Tensor p = Tensor.randn(g, n), grad = Tensor.randn(g, n), m = Tensor.randn(g, n), v = Tensor.rand(g, n);
            Tensor p2 = p.copy(), m2 = m.copy(), v2 = v.copy();
            CpuBackend.INSTANCE.adamStep(p, grad, m, v, 0.9, 0.999, 0.01, Math.sqrt(0.002), 1e-8, 0.01, 0.001);
            ReferenceBackend.INSTANCE.adamStep(p2, grad, m2, v2, 0.9, 0.999, 0.01, Math.sqrt(0.002), 1e-8, 0.01, 0.001);
            assertTrue(p.allClose(p2, 1e-5, 1e-6) && m.allClose(m2, 1e-5, 1e-6) && v.allClose(v2, 1e-5, 1e-6), "adam, n = " + n);
            Tensor s = Tensor.rand(g, n), s2 = s.copy(), q = p.copy(), q2 = p.copy();
            CpuBackend.INSTANCE.rmspropStep(q, grad, s, 0.9, 0.001, 1e-7, 0.1);
            ReferenceBackend.INSTANCE.rmspropStep(q2, grad, s2, 0.9, 0.001, 1e-7, 0.1);
            assertTrue(q.allClose(q2, 1e-5, 1e-6) && s.allClose(s2, 1e-5, 1e-6), "rmsprop, n = " + n);
        }
    }

    /** The vector loops and their plain twins compute the same floats in the same order: equal bit for bit. */
    @Test
    void vectorAndPlainLoopsAgreeExactly() {
        Generator g = new Generator(11);
        int n = 40_009;
        Tensor p = Tensor.randn(g, n), grad = Tensor.randn(g, n), m = Tensor.randn(g, n), v = Tensor.rand(g, n), s = Tensor.rand(g, n);
        Tensor[] vector = {p.copy(), m.copy(), v.copy(), p.copy(), s.copy()}, plain = {p.copy(), m.copy(), v.copy(), p.copy(), s.copy()};
        for (boolean on : new boolean[] {true, false}) {
            Tensor[] t = on ? vector : plain;
            Simd.allow(on);
            try {
                CpuBackend.INSTANCE.adamStep(t[0], grad, t[1], t[2], 0.9, 0.999, 0.01, Math.sqrt(0.002), 1e-8, 0.01, 0.001);
                CpuBackend.INSTANCE.rmspropStep(t[3], grad, t[4], 0.9, 0.001, 1e-7, 0.1);
            } finally {
                Simd.allow(true);
            }
        }
        for (int i = 0; i < vector.length; i++) assertTrue(vector[i].allClose(plain[i], 0, 0), "state " + i);
    }

    /** With zero gradients the state decays geometrically; once below the smallest normal float it is exactly 0, never subnormal. */
    @Test
    void stateThatDecaysBelowTheNormalRangeBecomesZeroOnBothBackends() {
        for (dev.tensorj.tensor.Backend backend : new dev.tensorj.tensor.Backend[] {CpuBackend.INSTANCE, ReferenceBackend.INSTANCE}) {
            Tensor p = Tensor.ones(3), zero = Tensor.zeros(3), m = Tensor.full(2e-38, 3), v = Tensor.full(2e-38, 3), s = Tensor.full(2e-38, 3);
            backend.adamStep(p, zero, m, v, 0.5, 0.5, 0.01, 1, 1e-8, 0, 0);
            backend.rmspropStep(p, zero, s, 0.5, 0.01, 1e-7, 0);
            for (Tensor state : new Tensor[] {m, v, s}) {
                for (float x : state.toFloatArray()) assertTrue(x == 0f, backend + ": 1e-38 is subnormal and must be flushed, got " + x);
            }
            assertTrue(p.allClose(Tensor.ones(3), 0, 0), "parameters unchanged by zero gradients");
        }
    }
}
