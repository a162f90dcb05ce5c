package dev.tensorj.tensorboard;

import dev.tensorj.nn.gan.GanCallback;
import dev.tensorj.nn.gan.GanHistory;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.plot.SampleGrid;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@link TensorBoard} callback's twin for {@link GanTrainer#fit}, written after every epoch:
 * <ul>
 *   <li>{@code batch_gen_loss}, {@code batch_disc_loss}: every step of the epoch, at the global step;</li>
 *   <li>{@code epoch_gen_loss}, {@code epoch_disc_loss}, {@code epoch_gen_learning_rate},
 *       {@code epoch_disc_learning_rate}: at step = epoch number (1, 2, ...);</li>
 *   <li>{@code samples}: the generator's images for a fixed {@link SampleGrid}'s noise, every epoch;</li>
 *   <li>{@code generator/weights/<name>}, {@code generator/gradients/<name>} and the same for
 *       {@code discriminator/}: every {@link #histogramsEvery} epochs;</li>
 *   <li>{@code generator}, {@code discriminator}: the two networks' structure as text, once.</li>
 * </ul>
 * Each epoch ends with a flush. {@link GanTrainer} has no end-of-training hook: {@link #close()} the
 * callback (or its writer) when {@code fit} returns.
 */
public final class GanTensorBoard implements GanCallback, AutoCloseable {
    private final SummaryWriter writer;
    private final SampleGrid samples;
    private int histogramsEvery = 1;
    private int stepsWritten;

    /** @param samples the fixed noise whose images are shown every epoch, or null for none */
    public GanTensorBoard(SummaryWriter writer, SampleGrid samples) {
        this.writer = writer;
        this.samples = samples;
    }

    /** Logs to a new run {@code root/name-yyyyMMdd-HHmmss}. */
    public static GanTensorBoard forRun(Path root, String name, SampleGrid samples) {
        return new GanTensorBoard(SummaryWriter.forRun(root, name), samples);
    }

    public SummaryWriter writer() {
        return writer;
    }

    /** Histograms of both networks' weights and gradients every {@code epochs} epochs (default 1; 0: none). */
    public GanTensorBoard histogramsEvery(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("GanTensorBoard.histogramsEvery: epochs must be >= 0, got " + epochs);
        this.histogramsEvery = epochs;
        return this;
    }

    @Override
    public void onEpochEnd(GanTrainer trainer, int epoch, GanHistory history) {
        long step = epoch + 1;
        if (stepsWritten == 0) {
            writer.addText("generator", ModelImages.describe(trainer.generator()), 0);
            writer.addText("discriminator", ModelImages.describe(trainer.discriminator()), 0);
        }
        List<Double> generatorSteps = history.generatorLossPerStep(), discriminatorSteps = history.discriminatorLossPerStep();
        for (int i = stepsWritten; i < generatorSteps.size(); i++) {
            writer.addScalar("batch_gen_loss", generatorSteps.get(i), i + 1);
            writer.addScalar("batch_disc_loss", discriminatorSteps.get(i), i + 1);
        }
        stepsWritten = generatorSteps.size();
        writer.addScalar("epoch_gen_loss", history.generatorLossPerEpoch().getLast(), step);
        writer.addScalar("epoch_disc_loss", history.discriminatorLossPerEpoch().getLast(), step);
        writer.addScalar("epoch_gen_learning_rate", trainer.generatorOptimizer().lr(), step);
        writer.addScalar("epoch_disc_learning_rate", trainer.discriminatorOptimizer().lr(), step);
        if (samples != null) writer.addImage("samples", samples.images(trainer), samples.columns(), 2, true, step);
        if (histogramsEvery > 0 && step % histogramsEvery == 0) {
            ModelImages.writeHistograms(writer, "generator/", trainer.generator(), step);
            ModelImages.writeHistograms(writer, "discriminator/", trainer.discriminator(), step);
        }
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
