package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.optim.RMSprop;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Dtypes through layers, gradients, optimisers and state dicts. */
class DTypeTest {
    private static Sequential model() {
        Generator g = new Generator(5);
        return new Sequential(new Linear(3, 4, true, g), new BatchNorm(4), Activation.relu(), new Linear(4, 1, true, g));
    }

    private static Tensor input(DType dtype) {
        return Tensor.randn(new Generator(6), 8, 3).to(dtype);
    }

    private static void trainStep(Layer model, Optimizer optimizer, Tensor x) {
        optimizer.zeroGrad();
        Variable loss = Losses.mse().compute(model.forward(x), Tensor.zeros(8, 1));
        loss.backward();
        optimizer.step();
    }

    @Test
    void aFloat64InputToAFloat32ModelLeavesFloat32GradientsThatEveryOptimiserApplies() {
        List<Function<List<Variable>, Optimizer>> optimisers = List.of(p -> new Adam(p, 0.01), p -> new SGD(p, 0.1, 0.9, 0, true, 1e-4), RMSprop::new);
        for (var make : optimisers) {
            Sequential model = model();
            Optimizer optimizer = make.apply(model.parameters());
            Tensor before = model.parameters().get(0).data().copy();
            trainStep(model, optimizer, input(DType.FLOAT64));
            trainStep(model, optimizer, input(DType.FLOAT64));
            for (var e : model.namedParameters().entrySet()) {
                assertEquals(DType.FLOAT32, e.getValue().grad().dtype(), e.getKey() + " of " + optimizer.getClass().getSimpleName());
                assertEquals(DType.FLOAT32, e.getValue().data().dtype(), e.getKey());
            }
            assertFalse(model.parameters().get(0).data().allClose(before), optimizer.getClass().getSimpleName() + " moved the weights");
        }
    }

    @Test
    void optimiserStateFollowsLayerToFloat64AndRunningStatisticsStayFloat64() {
        Sequential model = model();
        Adam adam = new Adam(model.parameters(), 0.01);
        trainStep(model, adam, input(DType.FLOAT32)); // float32 state exists now
        model.to(DType.FLOAT64);
        BatchNorm norm = (BatchNorm) model.children().get("1");
        for (int i = 0; i < 3; i++) trainStep(model, adam, input(DType.FLOAT64));
        for (var e : adam.stateDict().entrySet()) {
            if (e.getKey().startsWith("state.")) assertEquals(DType.FLOAT64, e.getValue().dtype(), e.getKey());
        }
        for (var e : model.namedBuffers().entrySet()) {
            assertEquals(e.getKey().endsWith("num_batches_tracked") ? DType.INT64 : DType.FLOAT64, e.getValue().dtype(), e.getKey());
        }
        Tensor runningMean = model.namedBuffers().get("1.running_mean");
        assertNotEquals(runningMean.to(DType.FLOAT32).to(DType.FLOAT64).toDoubleArray()[0], runningMean.toDoubleArray()[0], 0.0,
                "running statistics carry more than float32's digits");
        assertNotNull(norm);
    }

    @Test
    void loadingFloat64ValuesKeepsThemExactlyInAFloat64ModelAndCastsThemInAFloat32One() {
        Sequential source = (Sequential) model().to(DType.FLOAT64);
        Map<String, Tensor> state = new LinkedHashMap<>();
        source.stateDict().forEach((k, v) -> state.put(k, v.dtype().isFloatingPoint() ? v.add(1e-12) : v)); // digits float32 cannot hold
        Sequential wide = (Sequential) model().to(DType.FLOAT64);
        wide.loadStateDict(state, true);
        wide.stateDict().forEach((k, v) -> assertArrayEquals(state.get(k).toDoubleArray(), v.toDoubleArray(), 0.0, k));
        Sequential narrow = model();
        narrow.loadStateDict(state, true); // PyTorch casts
        narrow.stateDict().forEach((k, v) -> {
            assertEquals(k.endsWith("num_batches_tracked") ? DType.INT64 : DType.FLOAT32, v.dtype(), k);
            assertArrayEquals(state.get(k).to(v.dtype()).toDoubleArray(), v.toDoubleArray(), 0.0, k);
        });
        state.put("3.weight", Tensor.zeros(DType.FLOAT64, 4, 1));
        state.remove("0.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> narrow.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("shape mismatch for '3.weight': expected [1, 4], got [4, 1]") && e.getMessage().contains("missing key '0.bias'"),
                e.getMessage());
    }

    @Test
    void aGradientOfAnotherShapeNamesTheParameter() {
        Sequential model = model();
        Variable weight = model.namedParameters().get("3.weight");
        weight.registerHook(g -> Tensor.zeros(4)); // a faulty hook: [4] for a [1, 4] weight
        Adam adam = new Adam(model.parameters(), 0.01);
        model.forward(input(DType.FLOAT32)).sum().backward();
        IllegalStateException unnamed = assertThrows(IllegalStateException.class, adam::step);
        assertTrue(unnamed.getMessage().startsWith("Adam.step: the gradient of parameter 4 [1, 4] FLOAT32 is [4] FLOAT32"), unnamed.getMessage());
        adam.nameParameters(model.namedParameters());
        IllegalStateException named = assertThrows(IllegalStateException.class, adam::step);
        assertTrue(named.getMessage().startsWith("Adam.step: the gradient of parameter '3.weight' (index 4) [1, 4] FLOAT32 is [4]"), named.getMessage());
    }

    @Test
    void optimiserStateOfAnotherShapeNamesItsKeyAndTheParameter() {
        Sequential model = model();
        Adam adam = new Adam(model.parameters(), 0.01);
        trainStep(model, adam, input(DType.FLOAT32));
        Map<String, Tensor> saved = adam.stateDict();
        saved.put("state.0.exp_avg", Tensor.zeros(3, 4));
        Adam other = new Adam(model.parameters(), 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(saved));
        assertTrue(e.getMessage().contains("key 'state.0.exp_avg' has shape [3, 4] but parameter 0 [4, 3] FLOAT32"), e.getMessage());
        saved.remove("state.0.exp_avg");
        Map<String, Tensor> wide = new LinkedHashMap<>();
        saved.forEach((k, v) -> wide.put(k, v.dtype() == DType.FLOAT32 ? v.to(DType.FLOAT64) : v));
        other.loadStateDict(wide); // cast to the parameters' float32, as PyTorch
        trainStep(model, other, input(DType.FLOAT32));
        assertEquals(DType.FLOAT32, other.stateDict().get("state.1.exp_avg").dtype());
    }
}
