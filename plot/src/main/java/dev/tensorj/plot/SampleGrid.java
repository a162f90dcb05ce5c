package dev.tensorj.plot;

import dev.tensorj.nn.gan.GanCallback;
import dev.tensorj.nn.gan.GanHistory;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The course's progress picture: the generator's images for one fixed set of noise vectors (and
 * labels), saved as a PNG grid after every epoch ({@code <prefix>_epoch_001.png}, ...), so that the
 * same "seed" can be watched turning into digits. Images in [-1, 1] (tanh output).
 */
public final class SampleGrid implements GanCallback {
    private final Tensor noise;
    private final Tensor labels;
    private final int columns;
    private final int scale;
    private final Path directory;
    private final String prefix;

    /**
     * @param noise  fixed noise [n, latentDim]
     * @param labels fixed INT64 labels [n] for a conditional GAN, else null
     */
    public SampleGrid(Tensor noise, Tensor labels, int columns, int scale, Path directory, String prefix) {
        this.noise = noise;
        this.labels = labels;
        this.columns = columns;
        this.scale = scale;
        this.directory = directory;
        this.prefix = prefix;
    }

    /**
     * A grid with one row per class for a conditional GAN: {@code perClass} samples of class 0 in the
     * first row, of class 1 in the second, and so on, each with its own noise.
     */
    public static SampleGrid onePerClassRow(GanTrainer trainer, int classes, int perClass, int scale, Path directory, String prefix) {
        long[] labels = new long[classes * perClass];
        for (int i = 0; i < labels.length; i++) labels[i] = i / perClass;
        return new SampleGrid(trainer.noise(labels.length), Tensor.ofLongs(labels), perClass, scale, directory, prefix);
    }

    @Override
    public void onEpochEnd(GanTrainer trainer, int epoch, GanHistory history) {
        save(trainer, directory.resolve(String.format(Locale.ROOT, "%s_epoch_%03d.png", prefix, epoch + 1)));
    }

    /** The grid's images [n, C, H, W] in [-1, 1], generated now from its fixed noise (and labels). */
    public Tensor images(GanTrainer trainer) {
        return trainer.generate(noise, labels);
    }

    /** Images per row of the grid. */
    public int columns() {
        return columns;
    }

    /** Generates the grid's images now and writes them to {@code file}. */
    public Path save(GanTrainer trainer, Path file) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            ImageGrid.save(trainer.generate(noise, labels), columns, scale, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("SampleGrid: cannot write " + file, e);
        }
        return file;
    }
}
