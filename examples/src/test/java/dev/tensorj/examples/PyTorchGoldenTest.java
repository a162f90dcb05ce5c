package dev.tensorj.examples;

import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.io.Json;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.models.ResNet;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * tensorj against PyTorch: golden files written by {@code scripts/golden/make_golden.py} (PyTorch 1.13,
 * torchvision 0.14, seeded; see {@code golden/VERSIONS.txt}) hold each model's state_dict as
 * safetensors, fixed inputs, PyTorch's outputs, loss and gradients. The models are rebuilt here with
 * tensorj's layers, the weights loaded strictly by their PyTorch names, and everything compared with
 * the relative error max|tensorj - torch| / max|torch| of each tensor, at most 1e-5 (float32).
 */
class PyTorchGoldenTest {
    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Path golden(String name) {
        try {
            return Path.of(PyTorchGoldenTest.class.getResource("/golden/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("golden file " + name + " missing; regenerate with scripts/golden/make_golden.py", e);
        }
    }

    static double relativeError(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.dims(), actual.dims());
        double scale = expected.to(DType.FLOAT64).abs().max().item();
        double diff = expected.to(DType.FLOAT64).sub(actual.to(DType.FLOAT64)).abs().max().item();
        return scale == 0 ? diff : diff / scale;
    }

    static void assertClose(String model, String what, Tensor expected, Tensor actual) {
        double error = relativeError(expected, actual);
        System.out.printf(Locale.ROOT, "golden %-8s %-36s rel. error %.2e%n", model, what, error);
        assertTrue(error <= TOLERANCE, model + " " + what + ": relative error " + error + " > " + TOLERANCE);
    }

    /** Train-mode forward and backward of cross-entropy (mean), compared with PyTorch's output, loss and every stored gradient. */
    static void checkTrainingStep(String name, Layer model, Map<String, Tensor> io, String... zeroGradients) {
        List<String> zeroInExactArithmetic = List.of(zeroGradients);
        model.train();
        Variable input = new Variable(io.get("input"), true);
        Variable output = model.forward(input);
        Variable loss = Losses.crossEntropy().compute(output, io.get("target"));
        model.zeroGrad();
        loss.backward();
        assertClose(name, "output (train mode)", io.get("output"), output.data());
        assertClose(name, "loss", io.get("loss"), loss.data());
        assertClose(name, "grad.input", io.get("grad.input"), input.grad());
        int compared = 0;
        for (var p : model.namedParameters().entrySet()) {
            Tensor expected = io.get("grad." + p.getKey());
            if (expected == null) continue;
            if (zeroInExactArithmetic.contains(p.getKey())) {
                // a bias right before batch norm shifts the batch mean by as much as it shifts x: its gradient is 0,
                // and both libraries return float32 rounding noise that no relative error can compare
                double noiseBound = 1e-5 * io.get("grad.input").abs().max().item();
                assertTrue(expected.abs().max().item() <= noiseBound && p.getValue().grad().abs().max().item() <= noiseBound,
                        name + " grad." + p.getKey() + " should be zero up to rounding");
                continue;
            }
            assertClose(name, "grad." + p.getKey(), expected, p.getValue().grad());
            compared++;
        }
        assertTrue(compared > 0, name + ": no parameter gradient compared");
    }

    @Test
    void mlpMatchesPyTorch() throws IOException {
        Sequential mlp = new Sequential(new Linear(8, 16), Activation.relu(), new Linear(16, 4));
        SafeTensors.loadInto(mlp, golden("mlp.weights.safetensors"), true);
        checkTrainingStep("mlp", mlp, SafeTensors.load(golden("mlp.io.safetensors")));
    }

    @Test
    void cnnWithBatchNormMatchesPyTorchInEvalAndTrainMode() throws IOException {
        Generator g = new Generator(0);
        Sequential cnn = new Sequential(
                new Conv2d(3, 4, 3, ConvOptions.defaults().padding(1), true, g), new BatchNorm(4), Activation.relu(), Pooling.maxPool2d(2),
                new Conv2d(4, 6, 3, ConvOptions.defaults().stride(2).padding(1), true, g), new BatchNorm(6), Activation.relu(),
                new Flatten(), new Linear(24, 5, true, g));
        SafeTensors.loadInto(cnn, golden("cnn.weights.safetensors"), true);
        Map<String, Tensor> io = SafeTensors.load(golden("cnn.io.safetensors"));
        cnn.eval();
        assertClose("cnn", "output (eval mode)", io.get("eval_output"), cnn.forward(io.get("input")).data());
        checkTrainingStep("cnn", cnn, io, "0.bias", "4.bias");
        for (var buffer : cnn.namedBuffers().entrySet()) {
            Tensor expected = io.get("after." + buffer.getKey());
            if (expected != null) assertClose("cnn", buffer.getKey() + " after the step", expected, buffer.getValue());
        }
    }

    /** The state_dict make_golden.py filled from SplitMix64 (tensorj's Generator), rebuilt from the recipe in the golden file. */
    static Map<String, Tensor> stateDictFromRecipe(String recipeJson) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Object entry : (List<?>) Json.parse(recipeJson)) {
            List<?> e = (List<?>) entry;
            String key = (String) e.get(0);
            int[] shape = ((List<?>) e.get(1)).stream().mapToInt(d -> (int) (long) (Long) d).toArray();
            long seed = (Long) e.get(2);
            double offset = ((Number) e.get(3)).doubleValue(), scale = ((Number) e.get(4)).doubleValue();
            if (key.endsWith("num_batches_tracked")) {
                state.put(key, Tensor.zeros(DType.INT64, shape));
                continue;
            }
            Generator g = new Generator(seed);
            int n = 1;
            for (int d : shape) n *= d;
            float[] values = new float[n];
            for (int i = 0; i < n; i++) values[i] = (float) (offset + scale * (2 * g.nextDouble() - 1));
            state.put(key, Tensor.fromArray(values, shape));
        }
        return state;
    }

    @Test
    void resnet18LoadsTorchvisionsStateDictAndMatchesItsLogitsAndGradients() throws IOException {
        SafeTensors.Contents io = SafeTensors.read(golden("resnet18.io.safetensors"));
        Map<String, Tensor> torchvisionState = stateDictFromRecipe(io.metadata().get("recipe"));
        Path weights = dir.resolve("resnet18.safetensors");
        SafeTensors.save(torchvisionState, weights);
        ResNet model = ResNet.resnet18(10, new Generator(0));
        SafeTensors.loadInto(model, weights, true); // strict: torchvision's keys and shapes, all 122 of them
        assertEquals(List.copyOf(torchvisionState.keySet()), List.copyOf(model.stateDict().keySet()), "same keys in the same order");
        model.eval();
        assertClose("resnet18", "logits (eval mode)", io.tensors().get("eval_output"), model.forward(io.tensors().get("input")).data());
        checkTrainingStep("resnet18", model, io.tensors());
    }
}
