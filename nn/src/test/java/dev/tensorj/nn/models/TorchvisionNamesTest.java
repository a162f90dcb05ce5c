package dev.tensorj.nn.models;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.Json;
import dev.tensorj.nn.layers.AdaptivePooling;
import dev.tensorj.autograd.Variable;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * ResNet18, AlexNet and VGG16 have exactly torchvision's state_dict: the same keys in the same order
 * with the same shapes, from key lists that {@code scripts/pth-fixtures/make_fixtures.py} wrote with
 * torchvision 0.14 — so torchvision's weight files load into them with {@code TorchCheckpoint.loadInto}
 * (whose name and shape check is {@link Layer#checkStateDict}, run here against those lists).
 */
class TorchvisionNamesTest {

    static Path resource(String name) {
        try {
            return Path.of(TorchvisionNamesTest.class.getResource("/pth/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "name shape dtype" lines; shape "64x3x7x7", or "scalar". */
    static Map<String, int[]> torchvisionKeys(String file) throws IOException {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(resource(file))) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] parts = line.split(" ");
            out.put(parts[0], parts[1].equals("scalar") ? new int[0] : Arrays.stream(parts[1].split("x")).mapToInt(Integer::parseInt).toArray());
        }
        return out;
    }

    private static void assertSameStateDict(Layer model, String keyFile) throws IOException {
        Map<String, int[]> torchvision = torchvisionKeys(keyFile);
        Map<String, Tensor> ours = model.stateDict();
        assertEquals(new ArrayList<>(torchvision.keySet()), new ArrayList<>(ours.keySet()), model.name() + ": keys in torchvision's order");
        torchvision.forEach((key, shape) -> assertArrayEquals(shape, ours.get(key).dims(), model.name() + " " + key));
        model.checkStateDict(torchvision, true); // what TorchCheckpoint.loadInto checks before reading the file
    }

    @Test
    void resnet18MatchesTorchvision() throws IOException {
        assertSameStateDict(ResNet.resnet18(1000, new Generator(0)), "resnet18_keys.txt");
    }

    @Test
    void alexnetMatchesTorchvisionAndRuns() throws IOException {
        AlexNet model = AlexNet.alexnet(1000, new Generator(0));
        assertSameStateDict(model, "alexnet_keys.txt");
        assertEquals(61_100_840, model.parameterCount(), "torchvision's alexnet: 61,100,840 parameters");
        AlexNet small = AlexNet.alexnet(10, new Generator(1));
        small.eval();
        assertArrayEquals(new int[] {2, 10}, small.forward(Tensor.randn(new Generator(2), 2, 3, 63, 63)).data().dims(), "63x63 is AlexNet's smallest input");
    }

    @Test
    void vgg16MatchesTorchvisionAndRuns() throws IOException {
        VGG model = VGG.vgg16(1000, new Generator(0));
        assertSameStateDict(model, "vgg16_keys.txt");
        assertEquals(138_357_544, model.parameterCount(), "torchvision's vgg16: 138,357,544 parameters");
        model.eval();
        assertArrayEquals(new int[] {1, 1000}, model.forward(Tensor.randn(new Generator(2), 1, 3, 32, 32)).data().dims(), "32x32 is VGG's smallest input");
        VGG vgg = model;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vgg.forward(Tensor.zeros(1, 1, 32, 32)));
        assertTrue(e.getMessage().contains("VGG16: expects images [N, 3, H, W]"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    @Test
    void adaptiveAveragePoolingMatchesPyTorch() throws IOException {
        Map<String, Object> all = (Map<String, Object>) Json.parse(Files.readString(resource("expected.json")));
        for (String name : List.of("adaptive_pool_uneven.io", "adaptive_pool_even.io")) {
            Map<String, Object> io = (Map<String, Object>) all.get(name);
            Tensor x = tensor((Map<String, Object>) io.get("input"));
            Tensor want = tensor((Map<String, Object>) io.get("output"));
            Variable input = new Variable(x, true);
            Variable y = AdaptivePooling.adaptiveAvgPool2d(input, want.size(2), want.size(3));
            assertArrayEquals(want.dims(), y.data().dims(), name);
            float[] got = y.data().toFloatArray(), expected = want.toFloatArray();
            for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], 1e-6, name + " element " + i);
            y.sum().backward(); // every input cell feeds at least one window
            for (float g : input.grad().toFloatArray()) assertTrue(g > 0, name + ": gradient reaches every input");
        }
    }

    private static Tensor tensor(Map<String, Object> m) {
        int[] shape = ((List<?>) m.get("shape")).stream().mapToInt(d -> (int) (long) (Long) d).toArray();
        List<?> values = (List<?>) m.get("values");
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) values.get(i)).floatValue();
        return Tensor.fromArray(v, shape);
    }
}
