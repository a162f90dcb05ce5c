package dev.tensorj.nn.io.torch;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.BatchNorm;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.autograd.ConvOptions;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every fixture written by PyTorch reads back to the values the generator recorded; forbidden globals are refused. */
class TorchCheckpointTest {
    static final List<String> VALID = Fixtures.VALID;
    static final List<String> MALICIOUS = Fixtures.MALICIOUS;

    @ParameterizedTest
    @FieldSource("VALID")
    void everyFixtureReadsBackToTheValuesPyTorchSaved(String fixture) throws IOException {
        Map<String, Tensor> tensors = TorchCheckpoint.load(Fixtures.file(fixture));
        Map<String, Fixtures.Expected> expected = Fixtures.expected(fixture);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(tensors.keySet()), fixture + ": keys, in file order");
        expected.forEach((name, e) -> {
            Tensor t = tensors.get(name);
            String where = fixture + " '" + name + "'";
            assertArrayEquals(e.shape(), t.dims(), where + " shape");
            assertEquals(dtypeFor(e.dtype()), t.dtype(), where + " dtype (file " + e.dtype() + ")");
            assertTrue(t.isContiguous(), where + " comes back contiguous");
            switch (t.dtype()) {
                case FLOAT32 -> {
                    float[] got = t.toFloatArray();
                    for (int i = 0; i < got.length; i++) assertEquals((float) number(e.values().get(i)), got[i], where + " element " + i);
                }
                case FLOAT64 -> {
                    double[] got = t.toDoubleArray();
                    for (int i = 0; i < got.length; i++) assertEquals(number(e.values().get(i)), got[i], where + " element " + i);
                }
                case INT64 -> {
                    long[] got = t.toLongArray();
                    for (int i = 0; i < got.length; i++) assertEquals((long) (Long) e.values().get(i), got[i], where + " element " + i);
                }
            }
        });
    }

    private static double number(Object v) {
        return v instanceof Long l ? l : (Double) v;
    }

    private static DType dtypeFor(String torch) {
        return switch (torch) {
            case "float32", "float16", "bfloat16" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> DType.INT64;
        };
    }

    @Test
    void eachFormatIsRecognised() throws IOException {
        assertEquals(TorchCheckpoint.Format.ZIP, TorchCheckpoint.detect(Fixtures.file("zip_dtypes.pth")));
        assertEquals(TorchCheckpoint.Format.LEGACY_PICKLE, TorchCheckpoint.detect(Fixtures.file("legacy_stream.pth")));
        assertEquals(TorchCheckpoint.Format.LEGACY_PICKLE, TorchCheckpoint.detect(Fixtures.file("legacy_rebuild_v1.pth")));
        assertEquals(TorchCheckpoint.Format.LEGACY_TAR, TorchCheckpoint.detect(Fixtures.file("legacy_tar.pth")));
        assertEquals(TorchCheckpoint.Format.LEGACY_TAR, TorchCheckpoint.read(Fixtures.file("legacy_tar.pth")).format());
    }

    @ParameterizedTest
    @FieldSource("MALICIOUS")
    void aForbiddenGlobalIsRefusedByNameAndNothingRuns(String fixture) {
        // Python 3 pickles builtins.eval at protocol 2 as Python 2's name, __builtin__.eval
        String global = Map.of("malicious_posix_system.pth", "posix.system", "malicious_builtins_eval.pth", "__builtin__.eval",
                "malicious_os_system.pth", "os.system").get(fixture);
        PthFormatException e = assertThrows(PthFormatException.class, () -> TorchCheckpoint.load(Fixtures.file(fixture)));
        assertTrue(e.getMessage().contains("refusing global '" + global + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was executed"), e.getMessage());
        assertTrue(e.getMessage().startsWith(Fixtures.file(fixture).toString()), "names the file: " + e.getMessage());
        assertFalse(Files.exists(Path.of(Fixtures.MARKER)), "the payload's marker file must not exist");
    }

    @Test
    void aMaliciousFileLeavesTheModuleUntouched() {
        Layer model = new Sequential(new Linear(2, 2)); // no key matches either: the refusal comes first
        Tensor before = model.stateDict().get("0.weight").copy();
        assertThrows(PthFormatException.class, () -> TorchCheckpoint.loadInto(model, Fixtures.file("malicious_posix_system.pth"), false));
        assertArrayEquals(before.toFloatArray(), model.stateDict().get("0.weight").toFloatArray());
    }

    /** torchvision-style names: nn.Sequential(Conv2d, BatchNorm2d, ReLU, MaxPool2d, Flatten, Linear). */
    static Sequential tinyCnn() {
        Generator g = new Generator(7);
        return new Sequential(new Conv2d(1, 2, 3, ConvOptions.defaults().padding(1), true, g), new BatchNorm(2), Activation.relu(),
                Pooling.maxPool2d(2), new Flatten(), new Linear(8, 3, true, g));
    }

    @Test
    void aPyTorchStateDictLoadsIntoTheSameModelAndGivesPyTorchsOutput() throws IOException {
        Sequential model = tinyCnn();
        TorchCheckpoint.loadInto(model, Fixtures.file("tiny_cnn.pth"), true);
        model.eval();
        Map<String, Fixtures.Expected> io = Fixtures.expected("tiny_cnn.io");
        Fixtures.Expected in = io.get("input"), out = io.get("output");
        float[] x = new float[in.values().size()];
        for (int i = 0; i < x.length; i++) x[i] = (float) number(in.values().get(i));
        float[] y = model.forward(Tensor.fromArray(x, in.shape())).data().toFloatArray();
        assertEquals(out.values().size(), y.length);
        for (int i = 0; i < y.length; i++) assertEquals(number(out.values().get(i)), y[i], 1e-5, "output element " + i);
        assertEquals(3L, model.stateDict().get("1.num_batches_tracked").toLongArray()[0], "int64 buffer loaded");
    }

    @Test
    void mismatchedKeysAndShapesAreNamedAndNothingIsLoaded() {
        Generator g = new Generator(7);
        Sequential wrong = new Sequential(new Conv2d(1, 4, 3, ConvOptions.defaults().padding(1), true, g), new BatchNorm(4), Activation.relu(),
                Pooling.maxPool2d(2), new Flatten(), new Linear(16, 3, true, g), new Linear(3, 3, true, g));
        Tensor before = wrong.stateDict().get("5.weight").copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchCheckpoint.loadInto(wrong, Fixtures.file("tiny_cnn.pth"), true));
        String m = e.getMessage();
        assertTrue(m.contains("shape mismatch for '0.weight': expected [4, 1, 3, 3], got [2, 1, 3, 3]"), m);
        assertTrue(m.contains("missing key '6.weight'"), m);
        assertTrue(m.startsWith(Fixtures.file("tiny_cnn.pth").toString()), m);
        assertArrayEquals(before.toFloatArray(), wrong.stateDict().get("5.weight").toFloatArray(), "nothing loaded");
    }

    @Test
    void notACheckpointIsNamedAsSuch(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.pth");
        Files.writeString(text, "hello, not a checkpoint");
        PthFormatException e = assertThrows(PthFormatException.class, () -> TorchCheckpoint.load(text));
        assertTrue(e.getMessage().contains("not a PyTorch checkpoint"), e.getMessage());
        Path empty = dir.resolve("empty.pth");
        Files.write(empty, new byte[0]);
        assertThrows(PthFormatException.class, () -> TorchCheckpoint.load(empty));
    }

    @Test
    void aTruncatedZipNamesWhatIsMissing(@TempDir Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.file("zip_dtypes.pth"));
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        PthFormatException e = assertThrows(PthFormatException.class, () -> TorchCheckpoint.load(cut));
        assertTrue(e.getMessage().contains("end-of-central-directory"), e.getMessage());
    }

    @Test
    void aTruncatedLegacyStreamNamesTheStorage(@TempDir Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.file("legacy_stream.pth"));
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        PthFormatException e = assertThrows(PthFormatException.class, () -> TorchCheckpoint.load(cut));
        assertTrue(e.getMessage().contains("storage '") && e.getMessage().contains("truncated"), e.getMessage());
    }
}
