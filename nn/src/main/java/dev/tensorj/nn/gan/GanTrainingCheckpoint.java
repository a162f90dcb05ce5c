package dev.tensorj.nn.gan;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.io.SafeTensorsReader;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.train.CheckpointEntries;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a GAN run needs to go on where it stopped, in one safetensors file: both networks' state
 * dicts, both optimisers' state (Adam's moments and step counts), the state of every random generator
 * the {@link GanTrainer} tracks (its noise, the global one, a loader's shuffling, a Dropout's), and the
 * loss history per step and per epoch. Tensor names are prefixed {@code generator.},
 * {@code discriminator.}, {@code generator_optimizer.}, {@code discriminator_optimizer.}, {@code rng.},
 * {@code history.} (per epoch) and {@code history_steps.}; stripping {@code generator.} gives the
 * generator's plain state dict.
 *
 * <p>As a callback it saves after every epoch, replacing the file atomically (a crash at any moment leaves
 * the previous one); add it after the callbacks that draw from the trainer's generators (a judge's noise),
 * so that what it saves is the state the next epoch starts from. {@link GanTrainer#fit(Iterable, int, Path)}
 * resumes from it: on the CPU, with the same seeds and data, a resumed run ends with the same weights, bit
 * for bit, as one that never stopped.
 */
public final class GanTrainingCheckpoint implements GanCallback {
    static final String FORMAT = "tensorj-gan-checkpoint";
    static final String VERSION = "1";

    private final Path file;

    /** A callback that saves the run to {@code file} after every epoch. */
    public GanTrainingCheckpoint(Path file) {
        this.file = file;
    }

    @Override
    public void onEpochEnd(GanTrainer trainer, int epoch, GanHistory history) {
        try {
            save(file, trainer, history);
        } catch (IOException e) {
            throw new UncheckedIOException("GanTrainingCheckpoint: cannot save " + file, e);
        }
    }

    /** Writes the trainer's networks, optimisers and generators, and {@code history} (whose epoch count is the checkpoint's). */
    public static void save(Path file, GanTrainer trainer, GanHistory history) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        trainer.generator().stateDict().forEach((k, v) -> tensors.put("generator." + k, v));
        trainer.discriminator().stateDict().forEach((k, v) -> tensors.put("discriminator." + k, v));
        trainer.generatorOptimizer().stateDict().forEach((k, v) -> tensors.put("generator_optimizer." + k, v));
        trainer.discriminatorOptimizer().stateDict().forEach((k, v) -> tensors.put("discriminator_optimizer." + k, v));
        trainer.generators().forEach((name, g) -> tensors.put("rng." + name, Tensor.ofLongs(g.getState())));
        history.asMap().forEach((name, values) -> tensors.put("history." + name, vector(values)));
        history.perStep().forEach((name, values) -> tensors.put("history_steps." + name, vector(values)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("version", VERSION);
        metadata.put("epoch", Integer.toString(history.epochs()));
        metadata.put("generator", trainer.generator().name());
        metadata.put("discriminator", trainer.discriminator().name());
        metadata.put("optimizers", optimizerTypes(trainer));
        SafeTensors.save(tensors, metadata, file);
    }

    /** How far the run a checkpoint holds got: finished epochs and steps. */
    public record Progress(int epochs, int steps) {
    }

    /** Reads how far the run in {@code file} got from its header alone (no tensor is loaded). */
    public static Progress progress(Path file) throws IOException {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            Map<String, String> meta = metadata(file, reader);
            SafeTensorsReader.TensorInfo steps = reader.entries().get("history_steps.generator");
            if (steps == null || steps.shape().length != 1) throw new IOException(file + ": GAN checkpoint without its per-step history (history_steps.generator)");
            return new Progress(CheckpointEntries.parseEpoch(file, meta.get("epoch")), steps.shape()[0]);
        }
    }

    /**
     * Restores a checkpoint into a trainer built like the one that saved it (same networks, optimiser
     * types and parameters, tracked generators) and returns the restored history. Everything is checked
     * first and every problem reported at once; nothing is modified unless the whole checkpoint fits.
     *
     * @throws IOException when the file is not a GAN checkpoint
     * @throws IllegalArgumentException when it does not fit this trainer (names what does not)
     */
    public static GanHistory restore(Path file, GanTrainer trainer) throws IOException {
        Map<String, Map<String, Tensor>> parts = new LinkedHashMap<>();
        int epochsDone;
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            Map<String, String> meta = metadata(file, reader);
            epochsDone = CheckpointEntries.parseEpoch(file, meta.get("epoch"));
            List<String> problems = check(reader, trainer, epochsDone);
            if (!optimizerTypes(trainer).equals(meta.get("optimizers"))) problems.add(0, "optimizers: saved by " + meta.get("optimizers") + ", this trainer uses " + optimizerTypes(trainer));
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("GanTrainingCheckpoint.restore: " + file + " holds " + meta.get("generator") + " / " + meta.get("discriminator")
                        + " (" + meta.get("optimizers") + ", after epoch " + epochsDone + "), this trainer trains " + trainer.generator().name() + " / "
                        + trainer.discriminator().name() + " (" + optimizerTypes(trainer) + "); it does not fit, nothing restored; "
                        + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
            }
            for (String name : reader.names()) {
                int dot = name.indexOf('.');
                parts.computeIfAbsent(name.substring(0, dot), k -> new LinkedHashMap<>()).put(name.substring(dot + 1), reader.tensor(name));
            }
        }
        // everything is read and checked: apply
        trainer.generator().loadStateDict(parts.get("generator"), true);
        trainer.discriminator().loadStateDict(parts.get("discriminator"), true);
        CheckpointEntries.loadOptimizer(trainer.generatorOptimizer(), parts.getOrDefault("generator_optimizer", new LinkedHashMap<>()));
        CheckpointEntries.loadOptimizer(trainer.discriminatorOptimizer(), parts.getOrDefault("discriminator_optimizer", new LinkedHashMap<>()));
        parts.getOrDefault("rng", Map.of()).forEach((name, state) -> trainer.generators().get(name).setState(state.toLongArray()));
        GanHistory history = new GanHistory();
        double[] generatorSteps = parts.get("history_steps").get("generator").toDoubleArray();
        double[] discriminatorSteps = parts.get("history_steps").get("discriminator").toDoubleArray();
        for (int i = 0; i < generatorSteps.length; i++) history.recordStep(generatorSteps[i], discriminatorSteps[i]);
        double[] generatorEpochs = parts.get("history").get("gen_loss").toDoubleArray();
        double[] discriminatorEpochs = parts.get("history").get("disc_loss").toDoubleArray();
        for (int i = 0; i < epochsDone; i++) history.recordEpoch(generatorEpochs[i], discriminatorEpochs[i]);
        return history;
    }

    /** The file's metadata, once it is known to be a GAN checkpoint of the version this code reads. */
    private static Map<String, String> metadata(Path file, SafeTensorsReader reader) throws IOException {
        Map<String, String> meta = reader.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": not a GAN training checkpoint (metadata format is " + meta.get("format") + ", expected " + FORMAT + ")");
        }
        if (!VERSION.equals(meta.get("version"))) throw new IOException(file + ": GAN checkpoint version " + meta.get("version") + ", this tensorj reads " + VERSION);
        return meta;
    }

    /** Every reason the checkpoint read by {@code reader} does not fit {@code trainer}, from the file's header alone. */
    private static List<String> check(SafeTensorsReader reader, GanTrainer trainer, int epochsDone) {
        List<String> problems = new ArrayList<>();
        Map<String, int[]> generatorShapes = new LinkedHashMap<>(), discriminatorShapes = new LinkedHashMap<>();
        Set<String> savedGenerators = new HashSet<>();
        Map<String, int[]> historyShapes = new LinkedHashMap<>();
        for (var e : reader.entries().entrySet()) {
            String name = e.getKey();
            SafeTensorsReader.TensorInfo info = e.getValue();
            int dot = name.indexOf('.');
            String part = dot < 0 ? name : name.substring(0, dot), key = name.substring(dot + 1);
            switch (part) {
                case "generator" -> generatorShapes.put(key, info.shape());
                case "discriminator" -> discriminatorShapes.put(key, info.shape());
                case "generator_optimizer" -> CheckpointEntries.checkOptimizerEntry(part, trainer.generatorOptimizer(), key, info, problems);
                case "discriminator_optimizer" -> CheckpointEntries.checkOptimizerEntry(part, trainer.discriminatorOptimizer(), key, info, problems);
                case "rng" -> {
                    CheckpointEntries.checkGeneratorEntry(key, info, trainer.generators(), problems);
                    savedGenerators.add(key);
                }
                case "history", "history_steps" -> {
                    if (!info.dtype().equals("F64") || info.shape().length != 1) problems.add(name + " must be an F64 vector, is " + info.dtype() + " " + Arrays.toString(info.shape()));
                    historyShapes.put(name, info.shape());
                }
                default -> problems.add("unexpected tensor '" + name + "' (names start with generator., discriminator., generator_optimizer., "
                        + "discriminator_optimizer., rng., history. or history_steps.)");
            }
        }
        CheckpointEntries.checkEveryGeneratorSaved(trainer.generators(), savedGenerators, problems);
        for (String name : List.of("history.gen_loss", "history.disc_loss")) {
            int[] shape = historyShapes.get(name);
            if (shape == null || !Arrays.equals(shape, new int[] {epochsDone})) problems.add(name + " must hold one value per finished epoch (" + epochsDone + "), has "
                    + (shape == null ? "none" : Arrays.toString(shape)));
        }
        int[] generatorSteps = historyShapes.get("history_steps.generator"), discriminatorSteps = historyShapes.get("history_steps.discriminator");
        if (generatorSteps == null || !Arrays.equals(generatorSteps, discriminatorSteps)) {
            problems.add("history_steps.generator and history_steps.discriminator must both be present with one value per step, are "
                    + (generatorSteps == null ? "missing" : Arrays.toString(generatorSteps)) + " and " + (discriminatorSteps == null ? "missing" : Arrays.toString(discriminatorSteps)));
        }
        checkNetwork("generator", trainer.generator(), generatorShapes, problems);
        checkNetwork("discriminator", trainer.discriminator(), discriminatorShapes, problems);
        return problems;
    }

    private static void checkNetwork(String role, Layer network, Map<String, int[]> shapes, List<String> problems) {
        try {
            network.checkStateDict(shapes, true);
        } catch (IllegalArgumentException e) {
            problems.add(role + ": " + e.getMessage());
        }
    }

    private static String optimizerTypes(GanTrainer trainer) {
        Optimizer g = trainer.generatorOptimizer(), d = trainer.discriminatorOptimizer();
        return g.getClass().getSimpleName() + " / " + d.getClass().getSimpleName();
    }

    private static Tensor vector(List<Double> values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) v[i] = values.get(i);
        return Tensor.fromArray(v, v.length);
    }
}
