package dev.tensorj.examples;

import dev.tensorj.datasets.DataLocator;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.MnistPngExport;
import dev.tensorj.nn.io.SafeTensors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The methodology notebook's ResNet18 transfer end to end on the MNIST PNG subset (exported into a
 * temporary folder; skipped without the MNIST files), CI-sized: 32x32 images instead of 224 and a
 * larger learning rate so that two epochs on a random backbone show learning. Checks what it records,
 * that the backbone stayed frozen (no gradients, weights unchanged in the saved model), and the files.
 */
@Tag("e2e")
class TransferExerciseEndToEndTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @TempDir
    Path temp;

    @Test
    void trainsOnlyTheHeadAndWritesModelAndReport() throws Exception {
        assumeTrue(Loaders.available(Mnist::test), "MNIST not found; skipping");
        Path data = temp.resolve("mnist-png");
        MnistPngExport.export(DataLocator.standard(), data, MnistPngExport.DEFAULT_SEED);
        Path out = temp.resolve("transfer");
        var untouched = TransferExercise.model(null, new dev.tensorj.tensor.Generator(7)).stateDict();
        TransferExercise.Settings s = new TransferExercise.Settings(2, TransferExercise.BATCH, 0.05, TransferExercise.WEIGHT_DECAY, 32, 7);
        TransferExercise.Result r = TransferExercise.run(data, null, s, out, QUIET, false);
        for (String m : List.of("loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1")) assertEquals(2, r.history().get(m).size(), m);
        assertEquals(100, r.test().total());
        assertEquals(200, r.validation().total());
        assertTrue(r.last("val_accuracy") > 0.3, "the head learns on random 32x32 features: validation accuracy " + r.last("val_accuracy"));
        r.model().namedParameters().forEach((name, p) -> {
            if (name.startsWith("fc.")) assertTrue(p.requiresGrad(), name);
            else assertNull(p.grad(), name + " is frozen and must hold no gradient");
        });
        Map<String, dev.tensorj.tensor.Tensor> saved = SafeTensors.load(out.resolve(TransferExercise.MODEL_FILE));
        assertEquals(untouched.keySet(), saved.keySet());
        assertArrayEquals(untouched.get("layer4.1.conv2.weight").toFloatArray(), saved.get("layer4.1.conv2.weight").toFloatArray(), "frozen weights unchanged");
        assertFalse(java.util.Arrays.equals(untouched.get("fc.weight").toFloatArray(), saved.get("fc.weight").toFloatArray()), "the head was trained");
        for (String f : List.of("loss.png", "accuracy.png", "f1.png", "confusion-matrix.png", "report.md")) assertTrue(Files.size(out.resolve(f)) > 0, f);
        assertTrue(Files.readString(out.resolve("report.md")).contains("RANDOM"));
    }
}
