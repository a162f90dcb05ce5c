package dev.tensorj.nn.models;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.Json;
import dev.tensorj.nn.io.torch.TorchCheckpoint;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * End to end with full-size torchvision models: the checkpoints that
 * {@code scripts/pth-fixtures/make_full_models.py} writes (random weights, torchvision's own formats:
 * zip for resnet18 and alexnet, legacy pickle stream for vgg16; 845 MB in all, so not in the
 * repository) load into our ResNet18, AlexNet and VGG16, which then give torchvision's outputs.
 * Runs only when {@code TENSORJ_PTH_FULL} names the folder; skipped otherwise (as in CI).
 */
class TorchvisionWeightsTest {

    private static Path folder() {
        String dir = System.getenv("TENSORJ_PTH_FULL");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "reference.json")),
                "set TENSORJ_PTH_FULL to the folder written by scripts/pth-fixtures/make_full_models.py");
        return Path.of(dir);
    }

    @SuppressWarnings("unchecked")
    private static void check(String name, Supplier<Layer> build) throws IOException {
        Path dir = folder();
        Map<String, Object> io = (Map<String, Object>) ((Map<String, Object>) Json.parse(Files.readString(dir.resolve("reference.json")))).get(name);
        Layer model = build.get();
        long start = System.nanoTime();
        TorchCheckpoint.loadInto(model, dir.resolve(name + ".pth"), true);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        model.eval();
        Tensor x = tensor((Map<String, Object>) io.get("input"));
        Tensor want = tensor((Map<String, Object>) io.get("output"));
        start = System.nanoTime();
        float[] got = model.forward(x).data().toFloatArray();
        double forwardSeconds = (System.nanoTime() - start) / 1e9;
        float[] expected = want.toFloatArray();
        assertEquals(expected.length, got.length, name);
        double worst = 0, scale = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        System.out.printf("%s: %.1f MB loaded in %.2f s, forward %s in %.2f s, worst |difference| %.2e of outputs up to %.2e%n", name,
                Files.size(dir.resolve(name + ".pth")) / 1e6, loadSeconds, java.util.Arrays.toString(x.dims()), forwardSeconds, worst, scale);
        assertTrue(worst <= 1e-4 * Math.max(1, scale), name + ": worst difference " + worst + " (outputs up to " + scale + ")");
    }

    private static Tensor tensor(Map<String, Object> m) {
        int[] shape = ((List<?>) m.get("shape")).stream().mapToInt(d -> (int) (long) (Long) d).toArray();
        List<?> values = (List<?>) m.get("values");
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) values.get(i)).floatValue();
        return Tensor.fromArray(v, shape);
    }

    @Test
    void resnet18FromAZipCheckpoint() throws IOException {
        check("resnet18", () -> ResNet.resnet18(1000, new Generator(0)));
    }

    @Test
    void alexnetFromAZipCheckpoint() throws IOException {
        check("alexnet", () -> AlexNet.alexnet(1000, new Generator(0)));
    }

    @Test
    void vgg16FromALegacyPickleStream() throws IOException {
        check("vgg16", () -> VGG.vgg16(1000, new Generator(0)));
    }
}
