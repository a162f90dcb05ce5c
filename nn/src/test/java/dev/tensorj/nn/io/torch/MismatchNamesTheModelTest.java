package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A weights file that does not fit says what it holds (its metadata's model, or what its keys look like) and what was expected. */
class MismatchNamesTheModelTest {
    @TempDir
    Path dir;

    @Test
    void safetensorsNamesTheModelInItsMetadata() throws Exception {
        Path file = dir.resolve("w.safetensors");
        Linear saved = new Linear(3, 4, true, new Generator(1));
        SafeTensors.save(saved.stateDict(), Map.of("model", "c1"), file);
        Linear other = new Linear(5, 4, true, new Generator(2));
        String m = assertThrows(IllegalArgumentException.class, () -> SafeTensors.loadInto(other, file, true)).getMessage();
        assertTrue(m.startsWith(file + " holds c1, expected Linear: Linear.loadStateDict: 1 problem(s)"), m);
        assertTrue(m.contains("shape mismatch for 'weight'"), m);
    }

    @Test
    void aPthFileIsDescribedByItsKeys() {
        Path fixture = Path.of("src/test/resources/pth/tiny_cnn.pth");
        Sequential other = new Sequential(new Linear(3, 4, true, new Generator(1)));
        String m = assertThrows(IllegalArgumentException.class, () -> TorchCheckpoint.loadInto(other, fixture, true)).getMessage();
        assertTrue(m.startsWith(fixture + " (9 tensors, first key '0.weight'), expected Sequential: "), m);
    }

    @Test
    void torchvisionLayoutsAreRecognised() {
        assertEquals("keys of a ResNet (resnet18/34)", TorchCheckpoint.guessModel(Set.of("conv1.weight", "layer4.1.conv2.weight", "fc.weight")));
        assertEquals("keys of a ResNet with bottleneck blocks (resnet50 or deeper)",
                TorchCheckpoint.guessModel(Set.of("conv1.weight", "layer4.1.conv3.weight", "fc.weight")));
        assertEquals("keys of AlexNet", TorchCheckpoint.guessModel(Set.of("features.0.weight", "features.3.weight", "features.6.weight",
                "features.8.weight", "features.10.weight", "classifier.1.weight")));
        assertEquals("no tensors", TorchCheckpoint.guessModel(Set.of()));
    }
}
