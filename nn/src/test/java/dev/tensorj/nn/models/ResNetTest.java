package dev.tensorj.nn.models;

import dev.tensorj.nn.layers.Linear;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ResNetTest {

    @Test
    void resnet18HasTorchvisionsParameterNamesAndCounts() {
        ResNet model = ResNet.resnet18(1000, new Generator(0));
        Map<String, Tensor> state = model.stateDict();
        assertEquals(122, state.size(), "torchvision's resnet18 state_dict has 122 entries");
        assertEquals(11_689_512, model.parameterCount(), "torchvision: 11,689,512 parameters");
        List<String> keys = List.copyOf(state.keySet());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
                "layer1.0.conv1.weight"), keys.subList(0, 7));
        assertEquals(List.of("fc.weight", "fc.bias"), keys.subList(120, 122));
        for (String key : List.of("layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.bn2.bias", "layer3.1.conv2.weight")) {
            assertTrue(state.containsKey(key), key);
        }
        assertFalse(state.containsKey("layer1.0.downsample.0.weight"), "layer1 keeps the shape: no downsample");
        assertArrayEquals(new int[] {128, 64, 1, 1}, state.get("layer2.0.downsample.0.weight").dims());
        assertArrayEquals(new int[] {64, 3, 7, 7}, state.get("conv1.weight").dims());
    }

    @Test
    void smallImagesGiveLogitsAndTheHeadCanBeReplaced() {
        ResNet model = ResNet.resnet18(1000, new Generator(1));
        model.requiresGrad(false).replaceFc(new Linear(512, 10, true, new Generator(2)));
        Tensor logits = model.forward(Tensor.randn(new Generator(3), 2, 3, 32, 32)).data();
        assertArrayEquals(new int[] {2, 10}, logits.dims());
        assertEquals(2, model.trainableParameters().size(), "only the new head trains");
        assertArrayEquals(new int[] {10, 512}, model.stateDict().get("fc.weight").dims());
        String summary = model.summary(3, 32, 32);
        assertTrue(summary.contains("layer4 (Sequential)") && summary.contains("(None, 512, 1, 1)") && summary.contains("fc (Linear)")
                && summary.contains("(None, 10)") && summary.contains("Trainable params: 5,130"), summary);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.zeros(1, 1, 32, 32)));
        assertTrue(e.getMessage().contains("ResNet18: expects images [N, 3, H, W]"), e.getMessage());
    }
}
