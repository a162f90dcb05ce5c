package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** requiresGrad(false) freezes a part of a model: no gradients, no updates (weight decay and momentum included). */
class FreezingTest {

    private static Sequential model() {
        Generator g = new Generator(1);
        return new Sequential(new Linear(4, 8, true, g), Activation.relu(), new Linear(8, 3, true, g));
    }

    private static void trainSteps(Sequential model, Optimizer optimizer) {
        Generator g = new Generator(2);
        for (int step = 0; step < 3; step++) {
            Variable loss = Losses.crossEntropy().compute(model.forward(Tensor.randn(g, 16, 4)), Tensor.randint(0, 3, g, 16));
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
    }

    @Test
    void optimisersSkipFrozenParametersEvenWithWeightDecayAndMomentum() {
        List<Function<List<Variable>, Optimizer>> optimisers = List.of(
                params -> new Adam(params, 0.01, 0.9, 0.999, 1e-8, 0.1, true),
                params -> new SGD(params, 0.1, 0.9, 0, true, 0.1));
        for (var make : optimisers) {
            Sequential model = model();
            model.get(0).requiresGrad(false);
            Tensor frozenBefore = model.get(0).stateDict().get("weight").copy();
            Tensor headBefore = model.get(2).stateDict().get("weight").copy();
            Optimizer optimizer = make.apply(model.parameters()); // all parameters given: the frozen ones must be skipped
            trainSteps(model, optimizer);
            String name = optimizer.getClass().getSimpleName();
            assertTrue(model.get(0).stateDict().get("weight").allClose(frozenBefore, 0, 0), name + " changed a frozen weight");
            assertNull(model.get(0).parameters().get(0).grad(), name + ": a frozen parameter got a gradient");
            assertFalse(model.get(2).stateDict().get("weight").allClose(headBefore, 0, 0), name + " did not train the head");
            assertFalse(optimizer.stateDict().containsKey("step.0"), name + " keeps state for a frozen parameter");
            assertTrue(optimizer.stateDict().containsKey("step.2"), name + " keeps no state for the head");
        }
    }

    @Test
    void trainableParametersListsOnlyUnfrozenOnesAndSummaryCountsBoth() {
        Sequential model = model();
        model.get(0).requiresGrad(false);
        assertEquals(2, model.trainableParameters().size());
        assertSame(model.get(2).parameters().get(0), model.trainableParameters().get(0));
        String summary = model.summary(4);
        assertTrue(summary.contains("Trainable params: 27") && summary.contains("Non-trainable params: 40"), summary);
        model.requiresGrad(true);
        assertEquals(4, model.trainableParameters().size());
    }
}
