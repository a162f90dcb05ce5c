package dev.tensorj.examples;

import dev.tensorj.datasets.Mnist;
import dev.tensorj.nn.models.ResNet;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ResNet18 transfer-learning recipe on real MNIST digits, CI-sized: 512 training and 256 test
 * digits at 32x32x3, two epochs, run twice: straight through, and stopped after the first epoch then
 * resumed from its checkpoint (through the real shuffling, prefetching DataLoader). Budget: five
 * epochs of frozen-ResNet18 forwards on 768 digits, about 40 s on 2 cores. The full recipe is
 * {@code ./tensorj train resnet-transfer} (10,000 digits, 3 epochs).
 */
@Tag("e2e")
class ResNetTransferEndToEndTest {
    @TempDir
    Path dir;

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void theFrozenBackboneStaysTheHeadLearnsAndAResumedRunIsBitIdentical() throws Exception {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not installed; skipping");
        ResNetTransfer.Result straight = ResNetTransfer.run(null, 2, 64, 5, 512, 256, null, QUIET, false);

        Path checkpoint = dir.resolve("transfer.safetensors");
        ResNetTransfer.run(null, 1, 64, 5, 512, 256, checkpoint, QUIET, false);
        ResNetTransfer.Result resumed = ResNetTransfer.run(null, 2, 64, 5, 512, 256, checkpoint, QUIET, false);

        Map<String, Tensor> a = straight.model().stateDict(), b = resumed.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((key, value) -> assertTrue(value.allClose(b.get(key), 0, 0), key + " differs after resuming"));
        assertEquals(straight.history().asMap(), resumed.history().asMap());

        ResNet fresh = ResNetTransfer.model(null, new Generator(5));
        assertTrue(fresh.stateDict().get("layer3.1.conv2.weight").allClose(a.get("layer3.1.conv2.weight"), 0, 0), "the frozen backbone did not change");
        assertFalse(fresh.stateDict().get("fc.weight").allClose(a.get("fc.weight"), 0, 0), "the head trained");
        System.out.printf("ResNet18 transfer (random frozen backbone, 512 digits, 2 epochs): test accuracy %.4f%n", straight.testAccuracy());
        assertTrue(straight.testAccuracy() > 0.2, "test accuracy " + straight.testAccuracy() + " is not clearly above chance (0.1)"); // measured: 0.35
    }
}
