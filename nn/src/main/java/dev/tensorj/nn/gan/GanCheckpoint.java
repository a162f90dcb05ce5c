package dev.tensorj.nn.gan;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.SafeTensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves both networks' state dicts as safetensors every {@code everyEpochs} epochs (the course's
 * {@code checkpoint.save} every 15 epochs): {@code generator_epoch_015.safetensors} and
 * {@code discriminator_epoch_015.safetensors} in {@code directory}, with the epoch and the last
 * epoch's mean losses in the files' metadata.
 */
public final class GanCheckpoint implements GanCallback {
    private final Path directory;
    private final int everyEpochs;

    /** Writes into {@code directory} after every {@code everyEpochs}-th epoch (at least 1). */
    public GanCheckpoint(Path directory, int everyEpochs) {
        if (everyEpochs < 1) throw new IllegalArgumentException("GanCheckpoint: everyEpochs must be at least 1, got " + everyEpochs);
        this.directory = directory;
        this.everyEpochs = everyEpochs;
    }

    @Override
    public void onEpochEnd(GanTrainer trainer, int epoch, GanHistory history) {
        if ((epoch + 1) % everyEpochs != 0) return;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("epoch", Integer.toString(epoch + 1));
        metadata.put("gen_loss", String.format(Locale.ROOT, "%.8g", history.generatorLossPerEpoch().getLast()));
        metadata.put("disc_loss", String.format(Locale.ROOT, "%.8g", history.discriminatorLossPerEpoch().getLast()));
        save(trainer.generator(), "generator", epoch, metadata);
        save(trainer.discriminator(), "discriminator", epoch, metadata);
    }

    /** The file a network's checkpoint of epoch {@code epoch} (0-based) is written to. */
    public Path file(String role, int epoch) {
        return directory.resolve(String.format(Locale.ROOT, "%s_epoch_%03d.safetensors", role, epoch + 1));
    }

    private void save(Layer network, String role, int epoch, Map<String, String> metadata) {
        Path file = file(role, epoch);
        try {
            java.nio.file.Files.createDirectories(directory);
            SafeTensors.save(network.stateDict(), metadata, file);
        } catch (IOException e) {
            throw new UncheckedIOException("GanCheckpoint: cannot save the " + role + " to " + file, e);
        }
    }
}
