package dev.tensorj.nn;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class LayerTest {

    /** A two-level model, to check PyTorch-style dotted names. */
    static final class Net extends Layer {
        final Sequential encoder;
        final Linear head;

        Net() {
            Generator g = new Generator(1);
            encoder = registerLayer("encoder", new Sequential(new Linear(4, 8, true, g), Activation.relu(), new Linear(8, 3, true, g)));
            head = registerLayer("head", new Linear(3, 2, false, g));
        }

        @Override
        public Variable forward(Variable x) {
            return head.forward(encoder.forward(x));
        }
    }

    @Test
    void parameterNamesFollowPyTorchStateDictKeys() {
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "head.weight"),
                List.copyOf(new Net().namedParameters().keySet()));
        assertEquals(4 * 8 + 8 + 8 * 3 + 3 + 3 * 2, new Net().parameterCount());
    }

    @Test
    void linearHasPyTorchLayoutAndInitBounds() {
        Linear layer = new Linear(100, 7, true, new Generator(3));
        assertArrayEquals(new int[] {7, 100}, layer.weight.data().dims());
        double bound = 1 / Math.sqrt(100);
        assertTrue(layer.weight.data().abs().max().item() <= bound + 1e-7);
        assertTrue(layer.bias.data().abs().max().item() <= bound + 1e-7);
        Variable y = layer.forward(Tensor.ones(5, 100));
        assertArrayEquals(new int[] {5, 7}, y.data().dims());
    }

    @Test
    void aMisfittingInputNamesTheLayerAndShapes() {
        Sequential model = new Sequential(new Linear(4, 3), Activation.relu(), new Linear(5, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.ones(2, 4)));
        assertTrue(e.getMessage().startsWith("layer 2 (Linear): input of shape [2, 3] does not fit: Linear: expects input [..., 5], got [2, 3]"), e.getMessage());
    }

    @Test
    void stateDictRoundTripAndStrictLoadingReportsEverything() {
        Net a = new Net(), b = new Net();
        b.encoder.get(0).namedParameters().get("weight").data().fill(0);
        b.loadStateDict(a.stateDict(), true);
        assertTrue(b.stateDict().get("encoder.0.weight").allClose(a.stateDict().get("encoder.0.weight")));
        Map<String, Tensor> broken = new java.util.LinkedHashMap<>(a.stateDict());
        broken.remove("head.weight");
        broken.put("extra", Tensor.zeros(1));
        broken.put("encoder.0.bias", Tensor.zeros(9));
        Tensor before = b.stateDict().get("encoder.2.weight").copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(broken, true));
        assertTrue(e.getMessage().contains("missing key 'head.weight'") && e.getMessage().contains("unexpected key 'extra'")
                && e.getMessage().contains("shape mismatch for 'encoder.0.bias'"), e.getMessage());
        assertTrue(b.stateDict().get("encoder.2.weight").allClose(before), "nothing is loaded when anything is wrong");
    }

    @Test
    void trainAndEvalModesReachEveryLayer() {
        Dropout dropout = new Dropout(0.5, new Generator(0));
        Sequential model = new Sequential(new Flatten(), dropout);
        model.eval();
        assertFalse(dropout.isTraining());
        Tensor x = Tensor.ones(4, 2, 5);
        assertTrue(model.forward(x).data().allClose(x.reshape(4, 10)), "dropout is the identity in eval mode");
        model.train();
        Tensor y = model.forward(Tensor.ones(200, 50)).data();
        double zeros = y.eq(0).mean().item();
        assertEquals(0.5, zeros, 0.02);
        assertEquals(1.0, y.mean().item(), 0.03, "inverted dropout keeps the expected value");
    }

    @Test
    void summaryListsShapesAndParameterCounts() {
        Sequential model = new Sequential(new Linear(784, 512), Activation.relu(), new Linear(512, 10));
        String summary = model.summary(784);
        assertTrue(summary.contains("(None, 512)") && summary.contains("401,920") && summary.contains("5,130") && summary.contains("Total params: 407,050"), summary);
    }

    @Test
    void freezingTurnsOffGradients() {
        Net net = new Net();
        net.encoder.requiresGrad(false);
        net.forward(Tensor.ones(2, 4)).sum().backward();
        assertNull(net.encoder.parameters().get(0).grad());
        assertNotNull(net.head.weight.grad());
    }

    @Test
    void toDtypeCastsParametersAndBuffersInPlaceSoLayerFieldsFollow() {
        Linear linear = new Linear(3, 2, true, new Generator(1));
        dev.tensorj.nn.layers.BatchNorm norm = new dev.tensorj.nn.layers.BatchNorm(2);
        Sequential model = new Sequential(linear, norm);
        List<Variable> before = model.parameters();
        model.to(dev.tensorj.tensor.DType.FLOAT64);
        assertEquals(before, model.parameters(), "the same Variables");
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, linear.weight.data().dtype(), "the layer's field follows");
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, norm.buffer("running_mean").dtype());
        assertEquals(dev.tensorj.tensor.DType.INT64, norm.buffer("num_batches_tracked").dtype(), "integer buffers keep their dtype");
        Variable y = model.forward(new Variable(Tensor.randn(new Generator(2), 4, 3).to(dev.tensorj.tensor.DType.FLOAT64), false));
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, y.data().dtype());
        y.sum().backward();
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, linear.weight.grad().dtype());
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, norm.buffer("running_var").dtype(), "running statistics stay float64 after a training step");
        assertThrows(IllegalArgumentException.class, () -> model.to(dev.tensorj.tensor.DType.INT64));
    }

    @Test
    void setDataKeepsTheVariableAndRejectsAnotherShapeOrANonLeaf() {
        Variable w = new Variable(Tensor.ones(2, 2), true);
        w.mul(3).sum().backward();
        w.setData(Tensor.zeros(2, 2).to(dev.tensorj.tensor.DType.FLOAT64));
        assertEquals(dev.tensorj.tensor.DType.FLOAT64, w.grad().dtype(), "the gradient follows");
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> w.setData(Tensor.zeros(3)));
        assertTrue(shape.getMessage().contains("[2, 2]") && shape.getMessage().contains("[3]"), shape.getMessage());
        Variable made = w.mul(2);
        assertThrows(IllegalStateException.class, () -> made.setData(Tensor.zeros(2, 2)));
    }
}
