package dev.tensorj.tensorboard;

import dev.tensorj.plot.ImageGrid;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PyTorch's {@code torch.utils.tensorboard.SummaryWriter} in Java: one run's event file, written
 * while the run goes on so that a running {@code tensorboard --logdir} shows it live.
 * <pre>
 *   try (SummaryWriter tb = SummaryWriter.forRun(Path.of("runs"), "c1")) {   // runs/c1-20261206-021500/
 *       tb.addScalar("loss", 0.42, step);
 *       tb.addImage("samples", images, 8, 2, false, epoch);                  // a grid of [N, C, H, W] images
 *       tb.addHistogram("weights/0.weight", layer.weight().data(), epoch);
 *       tb.addText("settings", "lr 0.001, batch 64", 0);
 *       tb.flush();                                                          // at the end of each epoch
 *   }
 * </pre>
 * Records are written whole at each {@link #flush()} (and by themselves when 10 seconds have passed
 * since the last one), so a crash loses at most the unflushed tail and leaves a readable file.
 *
 * <h2>Grid searches: the HParams table</h2>
 * One run per configuration, each a sub-folder of the search's folder, makes TensorBoard's HParams
 * tab list the configurations as rows with their hyperparameters and metrics:
 * <pre>
 *   Path root = Path.of("runs/grid-c1");
 *   try (SummaryWriter experiment = new SummaryWriter(root)) {                // optional: declares the columns
 *       experiment.addHparamsExperiment(Map.of("lr", List.of(1e-3, 1e-2), "batch", List.of(64, 1000)),
 *                                       List.of("hparam/val_accuracy"));
 *   }
 *   for (Map&lt;String, Object&gt; config : grid) {
 *       try (SummaryWriter run = new SummaryWriter(root.resolve(SummaryWriter.runName("config-" + i)))) {
 *           ... train, logging curves to run (e.g. with the TensorBoard callback) ...
 *           run.addHparams(config, Map.of("hparam/val_accuracy", accuracy));
 *       }
 *   }
 * </pre>
 * Without {@link #addHparamsExperiment}, TensorBoard builds the table's columns from the runs' own
 * hyperparameters and scalar tags. The metric tags should differ from the per-epoch curves' tags
 * (PyTorch users prefix them {@code hparam/}), as the table shows each metric's last value.
 */
public final class SummaryWriter implements Closeable {
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final long AUTO_FLUSH_NANOS = 10_000_000_000L;

    private final Path logDir;
    private final EventFileWriter file;
    private long lastFlush = System.nanoTime();

    /** A writer with a new event file in {@code logDir} (created with its parents). */
    public SummaryWriter(Path logDir) {
        this.logDir = logDir;
        this.file = new EventFileWriter(logDir);
    }

    /** A writer for a new run in {@code root}, named {@link #runName(String) name-yyyyMMdd-HHmmss}. */
    public static SummaryWriter forRun(Path root, String name) {
        return new SummaryWriter(root.resolve(runName(name)));
    }

    /** {@code name} followed by the local date and time, e.g. {@code c1-20261206-021500}: one sub-folder per run. */
    public static String runName(String name) {
        return name + "-" + LocalDateTime.now().format(RUN_TIME);
    }

    /** The run's folder (what TensorBoard calls the run is its path relative to {@code --logdir}). */
    public Path logDir() {
        return logDir;
    }

    /** The event file being written. */
    public Path file() {
        return file.file();
    }

    /** A point of the curve {@code tag} (stored as a float, as TensorBoard stores scalars). */
    public SummaryWriter addScalar(String tag, double value, long step) {
        return write(step, Events.scalar(tag, (float) value));
    }

    /** An image, PNG-encoded (greyscale, RGB or RGBA as the image is). */
    public SummaryWriter addImage(String tag, BufferedImage image, long step) {
        int colorspace = image.getColorModel().hasAlpha() ? 4 : image.getColorModel().getNumComponents() == 1 ? 1 : 3;
        return write(step, Events.image(tag, image.getHeight(), image.getWidth(), colorspace, png(image)));
    }

    /**
     * A grid of images [N, 1 or 3, H, W] with values in [0, 1] (or [-1, 1] when {@code signed}),
     * {@code columns} to a row, each pixel drawn as {@code scale} x {@code scale}, by {@link ImageGrid}.
     */
    public SummaryWriter addImage(String tag, Tensor images, int columns, int scale, boolean signed, long step) {
        return addImage(tag, ImageGrid.render(images, columns, scale, signed, null, null, null), step);
    }

    /** The histogram of a tensor's values in {@link Histogram#DEFAULT_BUCKETS} buckets. */
    public SummaryWriter addHistogram(String tag, Tensor values, long step) {
        Histogram histogram = values.dtype() == DType.FLOAT64 ? Histogram.of(values.toDoubleArray(), Histogram.DEFAULT_BUCKETS)
                : Histogram.of(values.toFloatArray(), Histogram.DEFAULT_BUCKETS);
        return addHistogram(tag, histogram, step);
    }

    public SummaryWriter addHistogram(String tag, Histogram histogram, long step) {
        return write(step, Events.histogram(tag, histogram));
    }

    /** Text for the Text tab, rendered as Markdown (indent a table by four spaces to keep it monospaced). */
    public SummaryWriter addText(String tag, String markdown, long step) {
        return write(step, Events.text(tag, markdown));
    }

    /**
     * Makes this run one session (one row) of the HParams table, as PyTorch's {@code add_hparams}:
     * writes an experiment declaring these hyperparameters and metrics as the table's columns, the
     * session's hyperparameters, each metric as a scalar at step 0, and the session's successful end,
     * then flushes. Numbers are stored as doubles, booleans as booleans, anything else by its
     * {@code toString()}. Call it once per run, at the end (the metrics are the run's results).
     * TensorBoard takes the columns from one of the experiments it finds (any one), so the runs of
     * one log folder should report the same hyperparameter names and metric tags.
     *
     * @param hparams the configuration, e.g. {@code {lr=0.001, batch=64, optimizer=adam}}
     * @param metrics its results by scalar tag, e.g. {@code {hparam/val_accuracy=0.91}}
     */
    public SummaryWriter addHparams(Map<String, Object> hparams, Map<String, Double> metrics) {
        double now = now();
        Map<String, List<?>> columns = new LinkedHashMap<>();
        hparams.forEach((name, value) -> columns.put(name, java.util.Collections.singletonList(value)));
        write(0, Events.pluginOnly(HParamsProtos.EXPERIMENT_TAG, HParamsProtos.PLUGIN_NAME, HParamsProtos.experiment(columns, false, new ArrayList<>(metrics.keySet()), now)));
        write(0, Events.pluginOnly(HParamsProtos.SESSION_START_TAG, HParamsProtos.PLUGIN_NAME, HParamsProtos.sessionStart(hparams, "", now)));
        metrics.forEach((tag, value) -> addScalar(tag, value, 0));
        write(0, Events.pluginOnly(HParamsProtos.SESSION_END_TAG, HParamsProtos.PLUGIN_NAME, HParamsProtos.sessionEnd(now())));
        flush();
        return this;
    }

    /**
     * Declares the HParams table's columns for a whole grid search, with each hyperparameter's values
     * (the table offers them as filters) and the metric tags the sessions report through
     * {@link #addHparams} (write it in the search's root folder; optional, as each session declares
     * its own columns too, without the value lists).
     */
    public SummaryWriter addHparamsExperiment(Map<String, ? extends List<?>> domains, List<String> metricTags) {
        Map<String, List<?>> ordered = new LinkedHashMap<>(domains);
        write(0, Events.pluginOnly(HParamsProtos.EXPERIMENT_TAG, HParamsProtos.PLUGIN_NAME, HParamsProtos.experiment(ordered, true, new ArrayList<>(metricTags), now())));
        flush();
        return this;
    }

    /** Writes everything queued so far to the file (call it at the end of each epoch). */
    public void flush() {
        file.flush();
        lastFlush = System.nanoTime();
    }

    @Override
    public void close() {
        file.close();
    }

    private SummaryWriter write(long step, ProtoWriter value) {
        if (step < 0) throw new IllegalArgumentException("SummaryWriter: step must be >= 0, got " + step);
        file.writeEvent(Events.summary(now(), step, value));
        if (System.nanoTime() - lastFlush > AUTO_FLUSH_NANOS) flush();
        return this;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer for image type " + image.getType());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("SummaryWriter: cannot PNG-encode an image of " + image.getWidth() + "x" + image.getHeight(), e);
        }
    }
}
