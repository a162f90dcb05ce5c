package dev.tensorj.tensorboard;

import dev.tensorj.nn.train.Callback;
import dev.tensorj.nn.train.Trainer;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Keras' {@code TensorBoard} callback for {@link Trainer#fit}: a run that TensorBoard shows while the
 * model trains, laid out as Keras lays it out.
 * <ul>
 *   <li>Per step (every {@link #stepsEvery} steps): {@code batch_loss}, {@code batch_<metric>} of the
 *       batch just trained, at the global step.</li>
 *   <li>Per epoch, at step = epoch number (1, 2, ...): {@code epoch_loss}, {@code epoch_<metric>},
 *       {@code epoch_learning_rate}; the {@code val_} twins go to the sub-run {@code validation} under
 *       the same tags, so TensorBoard draws training and validation curves on one chart.</li>
 *   <li>Per epoch: the first convolution's kernels ({@code first_layer_kernels}), and each image added
 *       with {@link #imageEachEpoch} (sample grids, confusion matrices).</li>
 *   <li>At step 0 and every {@link #histogramsEvery} epochs: histograms of each parameter
 *       ({@code weights/<name>}) and of its gradient of the epoch's last batch ({@code gradients/<name>}).</li>
 *   <li>At the start: the model's structure as text ({@code model}).</li>
 *   <li>At the end, with {@link #recordHparams}: the run's row of the HParams table.</li>
 * </ul>
 * The files are flushed at the end of every epoch; the writers close when training ends, unless
 * {@link #keepOpen()} leaves them to the caller (e.g. to add the run's HParams session afterwards).
 */
public final class TensorBoard implements Callback {
    private final SummaryWriter writer;
    private SummaryWriter validation;
    private final Map<String, Function<Trainer, BufferedImage>> images = new LinkedHashMap<>();
    private int histogramsEvery = 1;
    private int stepsEvery = 1;
    private boolean kernels = true;
    private boolean closeAtEnd = true;
    private long globalStep;
    private Map<String, Object> hparams;
    private Map<String, Double> lastLogs = Map.of();

    /** Logs to {@code writer}'s run; the validation curves go to the sub-folder {@code validation}. */
    public TensorBoard(SummaryWriter writer) {
        this.writer = writer;
    }

    /** Logs to a new run {@code root/name-yyyyMMdd-HHmmss}. */
    public static TensorBoard forRun(Path root, String name) {
        return new TensorBoard(SummaryWriter.forRun(root, name));
    }

    /** The training run's writer, for text, images or HParams of one's own. */
    public SummaryWriter writer() {
        return writer;
    }

    /** Histograms of weights and gradients every {@code epochs} epochs (default 1; 0: none). */
    public TensorBoard histogramsEvery(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("TensorBoard.histogramsEvery: epochs must be >= 0, got " + epochs);
        this.histogramsEvery = epochs;
        return this;
    }

    /** Per-step scalars every {@code steps} steps (default 1; 0: none). */
    public TensorBoard stepsEvery(int steps) {
        if (steps < 0) throw new IllegalArgumentException("TensorBoard.stepsEvery: steps must be >= 0, got " + steps);
        this.stepsEvery = steps;
        return this;
    }

    /** Whether to draw the first convolution's kernels every epoch (default true). */
    public TensorBoard firstLayerKernels(boolean on) {
        this.kernels = on;
        return this;
    }

    /** An image made after every epoch, e.g. predictions on fixed test images or a confusion matrix. */
    public TensorBoard imageEachEpoch(String tag, Function<Trainer, BufferedImage> image) {
        images.put(tag, image);
        return this;
    }

    /**
     * Makes the run a session of TensorBoard's HParams table: when training ends, writes
     * {@code hparams} with the last epoch's values as metrics, {@code hparam/<name>} for each of
     * {@code loss}, {@code accuracy}, {@code val_loss}, ... (see {@link SummaryWriter#addHparams}).
     * A grid search gives each configuration's run its own callback with the configuration here.
     */
    public TensorBoard recordHparams(Map<String, Object> hparams) {
        this.hparams = new LinkedHashMap<>(hparams);
        return this;
    }

    /** Leaves the writers open when training ends; the caller then closes them with {@link #close()}. */
    public TensorBoard keepOpen() {
        this.closeAtEnd = false;
        return this;
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        writer.addText("model", ModelImages.describe(trainer.model()), 0);
        if (histogramsEvery > 0) ModelImages.writeHistograms(writer, "", trainer.model(), 0);
        writer.flush();
    }

    @Override
    public void onBatchEnd(Trainer trainer, int epoch, int step, Map<String, Double> logs) {
        globalStep++;
        if (stepsEvery > 0 && globalStep % stepsEvery == 0) logs.forEach((name, value) -> writer.addScalar("batch_" + name, value, globalStep));
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        long step = epoch + 1;
        lastLogs = new LinkedHashMap<>(logs);
        logs.forEach((name, value) -> {
            if (name.equals("lr")) writer.addScalar("epoch_learning_rate", value, step);
            else if (name.startsWith("val_")) validation().addScalar("epoch_" + name.substring(4), value, step);
            else writer.addScalar("epoch_" + name, value, step);
        });
        if (kernels) ModelImages.firstLayerKernels(trainer.model()).ifPresent(image -> writer.addImage("first_layer_kernels", image, step));
        images.forEach((tag, image) -> writer.addImage(tag, image.apply(trainer), step));
        if (histogramsEvery > 0 && step % histogramsEvery == 0) ModelImages.writeHistograms(writer, "", trainer.model(), step);
        flush();
        return false;
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (hparams != null) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            lastLogs.forEach((name, value) -> {
                if (!name.equals("lr")) metrics.put("hparam/" + name, value);
            });
            writer.addHparams(hparams, metrics);
        }
        if (closeAtEnd) close();
        else flush();
    }

    /** Writes what is queued in both runs. */
    public void flush() {
        writer.flush();
        if (validation != null) validation.flush();
    }

    /** Closes both runs' files. */
    public void close() {
        writer.close();
        if (validation != null) validation.close();
    }

    private SummaryWriter validation() {
        if (validation == null) validation = new SummaryWriter(writer.logDir().resolve("validation"));
        return validation;
    }
}
