package dev.tensorj.nn.optim;

import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Optimiser options by name give the positional constructors' updates; RMSprop's eps placement, measured. */
class OptionsTest {
    /** p after three steps from p = 1 with gradient 0.5 + p (so weight decay and momentum matter). */
    private static double afterThreeSteps(Function<List<Variable>, Optimizer> make) {
        Variable p = new Variable(Tensor.fromArray(new double[] {1}, 1), true);
        Optimizer o = make.apply(List.of(p));
        for (int i = 0; i < 3; i++) {
            o.zeroGrad();
            p.mul(0.5).add(p.square().mul(0.5)).sum().backward();
            o.step();
        }
        return p.data().item();
    }

    @Test
    void namedOptionsMatchThePositionalConstructors() {
        assertEquals(afterThreeSteps(p -> new Adam(p, 0.01, 0.5, 0.99, 1e-6, 0.1, true)),
                afterThreeSteps(p -> new Adam(p, Adam.Options.defaults().lr(0.01).betas(0.5, 0.99).eps(1e-6).decoupledWeightDecay(0.1))), 0.0);
        assertEquals(afterThreeSteps(p -> new Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false)),
                afterThreeSteps(p -> new Adam(p, Adam.Options.defaults().lr(0.01).weightDecay(0.1))), 0.0);
        assertEquals(afterThreeSteps(p -> new AdamW(p, 0.01, 0.1)),
                afterThreeSteps(p -> new Adam(p, Adam.Options.defaults().lr(0.01).decoupledWeightDecay(0.1))), 0.0);
        assertNotEquals(afterThreeSteps(p -> new Adam(p, Adam.Options.defaults().lr(0.01).weightDecay(0.1))),
                afterThreeSteps(p -> new Adam(p, Adam.Options.defaults().lr(0.01).decoupledWeightDecay(0.1))), 0.0);
        assertEquals(afterThreeSteps(p -> new SGD(p, 0.1, 0.9, 0, true, 0.01)),
                afterThreeSteps(p -> new SGD(p, SGD.Options.lr(0.1).momentum(0.9).nesterov(true).weightDecay(0.01))), 0.0);
        assertEquals(afterThreeSteps(p -> new RMSprop(p, 0.01, 0.9, 1e-7, 0.1)),
                afterThreeSteps(p -> new RMSprop(p, RMSprop.Options.defaults().alpha(0.9).eps(1e-7).weightDecay(0.1))), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), SGD.Options.lr(0.1).nesterov(true)));
        assertEquals("SGD: Nesterov momentum needs momentum > 0 and dampening 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Adam.Options.defaults().betas(1, 0.999));
    }

    /** The step of RMSprop at a steady gradient g (v has converged to g^2), as a multiple of lr. */
    private static double steadyStep(double g, RMSprop.EpsPlacement placement) {
        Variable p = new Variable(Tensor.fromArray(new double[] {0}, 1), true);
        RMSprop rms = new RMSprop(List.of(p), RMSprop.Options.keras().lr(1).epsPlacement(placement));
        double before = 0;
        for (int i = 0; i < 400; i++) { // 0.9^400: v = g^2 to double precision
            before = p.data().item();
            p.setGrad(Tensor.fromArray(new double[] {g}, 1));
            rms.step();
        }
        return before - p.data().item();
    }

    @Test
    void epsInsideTheRootIsNotNegligibleForSmallGradients() {
        // eps = 1e-7: outside, g / (|g| + eps); inside, g / sqrt(g^2 + eps) (the numbers of RMSprop's Javadoc)
        assertEquals(1e-4 / (1e-4 + 1e-7), steadyStep(1e-4, RMSprop.EpsPlacement.OUTSIDE_SQRT), 1e-9);
        assertEquals(0.999, steadyStep(1e-4, RMSprop.EpsPlacement.OUTSIDE_SQRT), 5e-4);
        assertEquals(0.3015, steadyStep(1e-4, RMSprop.EpsPlacement.INSIDE_SQRT), 5e-4);
        assertEquals(0.909, steadyStep(1e-6, RMSprop.EpsPlacement.OUTSIDE_SQRT), 5e-4);
        assertEquals(0.00316, steadyStep(1e-6, RMSprop.EpsPlacement.INSIDE_SQRT), 5e-6);
        assertEquals(0.99999, steadyStep(1e-2, RMSprop.EpsPlacement.OUTSIDE_SQRT), 1e-5);
        assertEquals(0.9995, steadyStep(1e-2, RMSprop.EpsPlacement.INSIDE_SQRT), 1e-4);
        assertEquals(DType.FLOAT64, new Variable(Tensor.fromArray(new double[] {0}, 1), true).data().dtype());
    }
}
