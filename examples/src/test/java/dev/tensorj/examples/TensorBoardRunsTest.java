package dev.tensorj.examples;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.Callback;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tensorj train --tensorboard DIR}: the option, and what a classifier's run holds. */
class TensorBoardRunsTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        TensorBoardRuns.setRoot(null);
    }

    @Test
    void trainTakesTheOption() {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("c1", "--tensorboard", dir.toString());
        assertEquals(dir, command.tensorboard);
    }

    @Test
    void withoutTheOptionTheCallbacksAreUnchanged() {
        Callback other = (t, epoch, logs) -> false;
        assertArrayEquals(new Callback[] {other}, TensorBoardRuns.plain("x", TensorBoardRuns.settings(), () -> "", other));
    }

    @Test
    void aClassifierRunHasCurvesImagesTextAndItsHparamsRow() throws IOException {
        TensorBoardRuns.setRoot(dir);
        Generator g = new Generator(1);
        Tensor images = Tensor.rand(g, 12, 1, 4, 4);
        Tensor labels = Tensor.ofLongs(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2);
        TensorDataset test = new TensorDataset(images, labels, List.of("a", "b", "c"));
        Layer model = new Sequential(new Flatten(), new Linear(16, 3, true, g));
        Trainer trainer = new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
        Callback[] callbacks = TensorBoardRuns.classifier("tiny", test, TensorBoardRuns.settings("epochs", 2), () -> "summary");
        trainer.fit(List.of(new Batch(images, labels)), 2, List.of(new Batch(images, labels)), callbacks);

        Path run;
        try (Stream<Path> runs = Files.list(dir)) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(run.getFileName().toString().matches("tiny-\\d{8}-\\d{6}"), run.toString());
        String events;
        try (Stream<Path> files = Files.list(run)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).findFirst().orElseThrow();
            events = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        for (String tag : List.of("epoch_loss", "batch_accuracy", "confusion_matrix", "predictions", "settings", "summary", "_hparams_/session_start_info", "hparam/val_accuracy")) {
            assertTrue(events.contains(tag), "tag " + tag + " missing from " + run);
        }
        assertTrue(Files.isDirectory(run.resolve("validation")));
    }
}
