package dev.tensorj.tensorboard;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.gan.GanHistory;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.plot.SampleGrid;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Conv2d;
import dev.tensorj.nn.layers.Flatten;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Reshape;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensorboard.EventFileReader.Event;
import dev.tensorj.tensorboard.EventFileReader.Point;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Trainer and GAN callbacks log what their Javadoc promises, at the steps it promises. */
class TensorBoardCallbackTest {
    @TempDir
    Path dir;

    /** A conv net on 2 batches of 4 random 6x6 images, 3 classes. */
    static Trainer tinyClassifier(Generator g) {
        Layer model = new Sequential(new Conv2d(1, 2, 3), Activation.relu(), new Flatten(), new Linear(2 * 4 * 4, 3, true, g));
        return new Trainer(model, new Adam(model.parameters(), 0.01), Losses.crossEntropy(), Metric.accuracy()).verbose(false);
    }

    static List<Batch> batches(Generator g, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new Batch(Tensor.randn(g, 4, 1, 6, 6), Tensor.ofLongs(i % 3, (i + 1) % 3, (i + 2) % 3, i % 3))).toList();
    }

    @Test
    void trainerRunHasStepAndEpochCurvesValidationImagesHistogramsAndText() throws IOException {
        Generator g = new Generator(1);
        Trainer trainer = tinyClassifier(g);
        List<Batch> train = batches(g, 2), validation = batches(g, 1);
        TensorBoard tensorBoard = new TensorBoard(new SummaryWriter(dir)).imageEachEpoch("blank", t -> new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));

        History history = trainer.fit(train, 3, validation, tensorBoard);

        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        List<Point> batchLoss = EventFileReader.points(events, "batch_loss");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), batchLoss.stream().map(Point::step).toList());
        assertEquals(6, EventFileReader.points(events, "batch_accuracy").size());
        List<Point> epochLoss = EventFileReader.points(events, "epoch_loss");
        assertEquals(List.of(1L, 2L, 3L), epochLoss.stream().map(Point::step).toList());
        for (int epoch = 0; epoch < 3; epoch++) {
            assertEquals((float) (double) history.get("loss").get(epoch), epochLoss.get(epoch).value().simpleValue(), "epoch " + epoch);
        }
        assertEquals(0.01f, EventFileReader.points(events, "epoch_learning_rate").getFirst().value().simpleValue());
        assertEquals(3, EventFileReader.points(events, "first_layer_kernels").size());
        assertEquals(3, EventFileReader.points(events, "blank").size());
        assertEquals(List.of(0L, 1L, 2L, 3L), EventFileReader.points(events, "weights/0.weight").stream().map(Point::step).toList());
        assertEquals(List.of(1L, 2L, 3L), EventFileReader.points(events, "gradients/3.bias").stream().map(Point::step).toList(),
                "gradients exist only after the first step");
        String model = EventFileReader.points(events, "model").getFirst().value().tensor().string(8);
        assertTrue(model.contains("Conv2d") && model.endsWith("parameters"), model);

        List<Event> validationEvents = EventFileReader.read(EventFileReader.onlyFile(dir.resolve("validation")));
        List<Point> validationLoss = EventFileReader.points(validationEvents, "epoch_loss");
        assertEquals(3, validationLoss.size());
        assertEquals((float) history.last("val_loss"), validationLoss.getLast().value().simpleValue());
        assertEquals(3, EventFileReader.points(validationEvents, "epoch_accuracy").size());
    }

    @Test
    void histogramsEveryNEpochsAndStepsEveryN() throws IOException {
        Generator g = new Generator(2);
        Trainer trainer = tinyClassifier(g);
        TensorBoard tensorBoard = new TensorBoard(new SummaryWriter(dir)).histogramsEvery(2).stepsEvery(3).firstLayerKernels(false);
        trainer.fit(batches(g, 2), 4, null, tensorBoard);
        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        assertEquals(List.of(0L, 2L, 4L), EventFileReader.points(events, "weights/3.weight").stream().map(Point::step).toList());
        assertEquals(List.of(3L, 6L), EventFileReader.points(events, "batch_loss").stream().map(Point::step).toList());
        assertEquals(0, EventFileReader.points(events, "first_layer_kernels").size());
    }

    @Test
    void recordHparamsEndsTheRunWithItsHparamsRowAndLastEpochMetrics() throws IOException {
        Generator g = new Generator(6);
        Trainer trainer = tinyClassifier(g);
        History history = trainer.fit(batches(g, 2), 2, batches(g, 1), new TensorBoard(new SummaryWriter(dir)).recordHparams(java.util.Map.of("batch", 4)));
        List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir));
        assertEquals((float) history.last("val_accuracy"), EventFileReader.points(events, "hparam/val_accuracy").getFirst().value().simpleValue());
        assertEquals(1, EventFileReader.points(events, "_hparams_/session_start_info").size());
        assertEquals(1, EventFileReader.points(events, "_hparams_/session_end_info").size());
        assertEquals(0, EventFileReader.points(events, "hparam/lr").size(), "the learning rate is a setting, not a result");
    }

    @Test
    void kernelImageShowsEveryKernelScaledUp() {
        Layer model = new Sequential(new Conv2d(1, 4, 3), new Flatten());
        BufferedImage kernels = ModelImages.firstLayerKernels(model).orElseThrow();
        assertEquals(4 * (3 * 13 + 8), kernels.getWidth(), "4 kernels of 3 pixels drawn 13x, one row");
        assertTrue(ModelImages.firstLayerKernels(new Sequential(new Linear(2, 2))).isEmpty());
    }

    @Test
    void ganRunHasEveryStepBothEpochLossesSamplesAndHistograms() throws IOException {
        Generator init = new Generator(3);
        Layer generator = new Sequential(new Linear(4, 9, true, init), Activation.tanh(), new Reshape(1, 3, 3));
        Layer discriminator = new Sequential(new Flatten(), new Linear(9, 1, true, init));
        GanTrainer trainer = new GanTrainer(generator, discriminator, new SGD(generator.parameters(), 0.01), new SGD(discriminator.parameters(), 0.02),
                4, false, new Generator(4)).verbose(false);
        Tensor images = Tensor.randn(new Generator(5), 8, 1, 3, 3).tanh();
        List<Batch> batches = List.of(new Batch(images.narrow(0, 0, 4), null), new Batch(images.narrow(0, 4, 4), null));
        try (GanTensorBoard tensorBoard = new GanTensorBoard(new SummaryWriter(dir), new SampleGrid(trainer.noise(6), null, 3, 1, dir, "unused"))) {
            trainer.addCallback(tensorBoard);
            GanHistory history = trainer.fit(batches, 2);

            List<Event> events = EventFileReader.read(EventFileReader.onlyFile(dir)); // readable before close: flushed per epoch
            List<Point> steps = EventFileReader.points(events, "batch_disc_loss");
            assertEquals(List.of(1L, 2L, 3L, 4L), steps.stream().map(Point::step).toList());
            for (int i = 0; i < 4; i++) assertEquals((float) (double) history.discriminatorLossPerStep().get(i), steps.get(i).value().simpleValue());
            assertEquals((float) (double) history.generatorLossPerEpoch().get(1), EventFileReader.points(events, "epoch_gen_loss").get(1).value().simpleValue());
            assertEquals(0.02f, EventFileReader.points(events, "epoch_disc_learning_rate").getFirst().value().simpleValue());
            assertEquals(2, EventFileReader.points(events, "samples").size());
            assertEquals(2, EventFileReader.points(events, "generator/gradients/0.weight").size());
            assertEquals(2, EventFileReader.points(events, "discriminator/weights/1.bias").size());
            assertNotNull(EventFileReader.points(events, "generator").getFirst().value().tensor());
        }
    }
}
