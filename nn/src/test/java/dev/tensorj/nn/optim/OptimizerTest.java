package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Optimiser steps against the update formulas computed by hand (values as PyTorch gives them). */
class OptimizerTest {

    /** A parameter p = 1 with gradient g = 0.5 each step. */
    private static Variable withGradient() {
        Variable p = new Variable(Tensor.of(1f), true);
        p.mul(0.5).sum().backward();
        return p;
    }

    private static void step(Optimizer o, Variable p) {
        o.step();
        p.zeroGrad();
        p.mul(0.5).sum().backward();
    }

    @Test
    void sgdWithMomentumAndNesterov() {
        Variable p = withGradient();
        SGD sgd = new SGD(List.of(p), 0.1, 0.9, 0, false, 0);
        step(sgd, p); // b = 0.5, p = 1 - 0.05 = 0.95
        step(sgd, p); // b = 0.9*0.5 + 0.5 = 0.95, p = 0.95 - 0.095 = 0.855
        assertEquals(0.855, p.data().item(), 1e-6);
        Variable q = withGradient();
        SGD nesterov = new SGD(List.of(q), 0.1, 0.9, 0, true, 0);
        step(nesterov, q); // b = 0.5, g = 0.5 + 0.45 = 0.95, q = 0.905
        assertEquals(0.905, q.data().item(), 1e-6);
    }

    @Test
    void adamFirstStepMovesByLr() {
        Variable p = withGradient();
        Adam adam = new Adam(List.of(p), 0.01);
        step(adam, p); // bias-corrected m/sqrt(v) = g/|g| = 1, so p = 1 - 0.01
        assertEquals(0.99, p.data().item(), 1e-6);
        step(adam, p);
        assertEquals(0.98, p.data().item(), 1e-6);
    }

    @Test
    void adamWDecaysWeightsDecoupled() {
        Variable p = withGradient();
        AdamW adamW = new AdamW(List.of(p), 0.01, 0.1);
        step(adamW, p); // p = 1 * (1 - 0.001) - 0.01
        assertEquals(0.989, p.data().item(), 1e-6);
    }

    @Test
    void rmsprop() {
        Variable p = withGradient();
        RMSprop rms = RMSprop.keras(List.of(p));
        step(rms, p); // v = 0.1 * 0.25 = 0.025, p = 1 - 0.001 * 0.5 / (sqrt(0.025) + 1e-7)
        assertEquals(1 - 0.001 * 0.5 / (Math.sqrt(0.025) + 1e-7), p.data().item(), 1e-6);
    }

    @Test
    void frozenParametersAreSkipped() {
        Variable p = withGradient();
        p.setRequiresGrad(false);
        new SGD(List.of(p), 0.1).step();
        assertEquals(1, p.data().item());
    }

    @Test
    void stateDictRoundTrip() {
        Variable p = withGradient();
        Adam adam = new Adam(List.of(p), 0.01);
        step(adam, p);
        Map<String, Tensor> state = adam.stateDict();
        Variable q = new Variable(p.data().copy(), true);
        q.mul(0.5).sum().backward();
        Adam restored = new Adam(List.of(q), 0.5);
        restored.loadStateDict(state);
        assertEquals(0.01, restored.lr(), 1e-12);
        adam.step();
        restored.step();
        assertEquals(p.data().item(), q.data().item(), 1e-7, "same state, same next step");
    }

    @Test
    void gradientClipping() {
        Variable a = new Variable(Tensor.of(3f), true), b = new Variable(Tensor.of(4f), true);
        a.mul(1).add(b.mul(1)).sum().backward();
        a.grad().mulInPlace(3);
        b.grad().mulInPlace(4); // grads 3 and 4: norm 5
        assertEquals(5, GradClip.clipGradNorm(List.of(a, b), 1), 1e-6);
        assertEquals(0.6, a.grad().item(), 1e-5);
        GradClip.clipGradValue(List.of(a, b), 0.7);
        assertEquals(0.7, b.grad().item(), 1e-6);
    }

    @Test
    void schedules() {
        Variable p = withGradient();
        SGD sgd = new SGD(List.of(p), 1.0);
        LrScheduler step = LrScheduler.stepLR(sgd, 2, 0.1);
        step.step(0);
        assertEquals(1.0, sgd.lr(), 1e-12);
        step.step(0);
        assertEquals(0.1, sgd.lr(), 1e-12);
        SGD cosineSgd = new SGD(List.of(p), 0.1);
        LrScheduler cosine = LrScheduler.cosineAnnealing(cosineSgd, 4, 0.01);
        double[] expected = {0.0868198052, 0.055, 0.0231801948, 0.01, 0.0231801948}; // the closed form at t = 1..5 for lr 0.1, T_max 4, eta_min 0.01 (the fifth step climbs again)
        for (double lr : expected) {
            cosine.step(0);
            assertEquals(lr, cosineSgd.lr(), 1e-9);
        }
        assertThrows(IllegalArgumentException.class, () -> LrScheduler.cosineAnnealing(cosineSgd, 0, 0));
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(sgd, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 0, 0, 0.02);
        plateau.step(1.0);
        plateau.step(1.0);
        assertEquals(0.1, sgd.lr(), 1e-12, "one epoch without improvement: not yet");
        plateau.step(1.0);
        assertEquals(0.05, sgd.lr(), 1e-12, "two epochs without improvement: halved (Keras counts patience this way)");
        plateau.step(1.0);
        plateau.step(1.0);
        assertEquals(0.025, sgd.lr(), 1e-12);
        plateau.step(1.0);
        plateau.step(1.0);
        assertEquals(0.02, sgd.lr(), 1e-12, "never below min_lr");
    }
}
