package dev.tensorj.examples;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.plot.SampleGrid;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.plot.ConfusionMatrixPlot;
import dev.tensorj.plot.ImageGrid;
import dev.tensorj.nn.train.Callback;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Tensor;
import dev.tensorj.tensorboard.GanTensorBoard;
import dev.tensorj.tensorboard.SummaryWriter;
import dev.tensorj.tensorboard.TensorBoard;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code --tensorboard DIR} option of {@code tensorj train}: when set, each exercise adds a
 * TensorBoard callback that logs to a new run {@code DIR/<model>-yyyyMMdd-HHmmss}: its curves, the
 * run's settings and model summary as text, its row in the HParams table, and for classifiers of
 * images, each epoch, the predictions on the first test images and the confusion matrix of the first
 * {@value #CONFUSION_SAMPLES} test images. Unset (the default), the exercises run as before.
 */
final class TensorBoardRuns {
    /** Test images in the per-epoch confusion matrix: a sample, so that each epoch's picture costs little. */
    static final int CONFUSION_SAMPLES = 2000;
    private static final int PREDICTION_SAMPLES = 32;
    private static volatile Path root;

    private TensorBoardRuns() {
    }

    /** Where runs go from now on (null: no TensorBoard logs). */
    static void setRoot(Path directory) {
        root = directory;
    }

    static boolean enabled() {
        return root != null;
    }

    /**
     * {@code others} plus, when enabled, a TensorBoard callback for a classifier of images: with
     * {@code test} (inputs [N, C, H, W], or [N, H*W] for square greyscale images), each epoch shows
     * the predictions on its first images and a confusion matrix.
     */
    static Callback[] classifier(String model, TensorDataset test, Map<String, Object> settings, java.util.function.Supplier<String> summary, Callback... others) {
        if (!enabled()) return others;
        TensorBoard tensorBoard = start(model, settings, summary);
        int classes = test.classNames().isEmpty() ? (int) Arrays.stream(test.labels()).max().orElse(0) + 1 : test.classNames().size();
        String[] names = test.classNames().toArray(new String[0]);
        TensorDataset sample = Loaders.first(test, Math.min(CONFUSION_SAMPLES, test.size()));
        Tensor pictures = asImages(sample.inputs());
        tensorBoard.imageEachEpoch("confusion_matrix", trainer -> {
            Tensor predicted = trainer.predict(TrainingDevice.inputs(chunks(sample.inputs(), 250))).argmax(1).to(dev.tensorj.tensor.Device.CPU); // the model may be on a GPU
            return ConfusionMatrixPlot.render(ConfusionMatrix.of(sample.targets(), predicted, classes), names,
                    "first " + sample.size() + " test images: rows true, columns predicted");
        });
        if (pictures != null) {
            int n = Math.min(PREDICTION_SAMPLES, sample.size());
            Tensor inputs = sample.inputs().narrow(0, 0, n);
            long[] actual = Arrays.copyOf(sample.labels(), n);
            tensorBoard.imageEachEpoch("predictions", trainer -> {
                long[] predicted = trainer.predict(TrainingDevice.inputs(List.of(inputs))).argmax(1).to(dev.tensorj.tensor.Device.CPU).toLongArray();
                return ImageGrid.render(pictures.narrow(0, 0, n), 8, 3, false, predicted, actual, names);
            });
        }
        return with(others, tensorBoard);
    }

    /** {@code others} plus, when enabled, a TensorBoard callback with curves, text and histograms only. */
    static Callback[] plain(String model, Map<String, Object> settings, java.util.function.Supplier<String> summary, Callback... others) {
        return enabled() ? with(others, start(model, settings, summary)) : others;
    }

    /**
     * Like {@link #plain}, with an image made after every epoch from the trainer (e.g. an
     * autoencoder's reconstructions).
     */
    static Callback[] withImage(String model, Map<String, Object> settings, java.util.function.Supplier<String> summary, String tag,
                                java.util.function.Function<Trainer, java.awt.image.BufferedImage> image, Callback... others) {
        return enabled() ? with(others, start(model, settings, summary).imageEachEpoch(tag, image)) : others;
    }

    /** A GAN callback logging to a new run, or null when disabled; the caller closes it after fit. */
    static GanTensorBoard gan(String model, SampleGrid samples, Map<String, Object> settings, java.util.function.Supplier<String> summary) {
        if (!enabled()) return null;
        GanTensorBoard tensorBoard = GanTensorBoard.forRun(root, model, samples);
        writeSettings(tensorBoard.writer(), settings, summary);
        System.err.println("tensorboard: logging to " + tensorBoard.writer().logDir() + " (tensorboard --logdir " + root + ")");
        return tensorBoard;
    }

    /** Run settings in the order given: {@code settings("epochs", 20, "batch_size", 64)}. */
    static Map<String, Object> settings(Object... namesAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        return map;
    }

    private static TensorBoard start(String model, Map<String, Object> settings, java.util.function.Supplier<String> summary) {
        TensorBoard tensorBoard = TensorBoard.forRun(root, model).recordHparams(settings);
        writeSettings(tensorBoard.writer(), settings, summary);
        System.err.println("tensorboard: logging to " + tensorBoard.writer().logDir() + " (tensorboard --logdir " + root + ")");
        return tensorBoard;
    }

    private static void writeSettings(SummaryWriter writer, Map<String, Object> settings, java.util.function.Supplier<String> summary) {
        StringBuilder table = new StringBuilder("| setting | value |\n|---|---|\n");
        settings.forEach((k, v) -> table.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        writer.addText("settings", table.toString(), 0);
        if (summary != null) writer.addText("summary", "    " + summary.get().replace("\n", "\n    "), 0);
        writer.flush();
    }

    /** [N, C, H, W] as is; [N, H*W] as square greyscale images; otherwise null (no picture). */
    private static Tensor asImages(Tensor inputs) {
        if (inputs.rank() == 4 && (inputs.size(1) == 1 || inputs.size(1) == 3)) return inputs;
        if (inputs.rank() == 2) {
            int side = (int) Math.round(Math.sqrt(inputs.size(1)));
            if (side * side == inputs.size(1)) return inputs.contiguous().reshape(inputs.size(0), 1, side, side);
        }
        return null;
    }

    /** A tensor's rows in slices of at most {@code size}, so that prediction never holds all activations at once. */
    private static List<Tensor> chunks(Tensor rows, int size) {
        List<Tensor> slices = new ArrayList<>();
        for (int start = 0; start < rows.size(0); start += size) slices.add(rows.narrow(0, start, Math.min(size, rows.size(0) - start)));
        return slices;
    }

    private static Callback[] with(Callback[] others, Callback tensorBoard) {
        List<Callback> all = new ArrayList<>(List.of(others));
        all.add(tensorBoard);
        return all.toArray(Callback[]::new);
    }
}
