package dev.tensorj.nn.train;

import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.io.SafeTensorsReader;
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
 * Everything a training run needs to continue exactly where it stopped, in one safetensors file: the
 * model's state dict, the optimiser's state (moments, momentum buffers, step counts, hyper-parameters
 * such as the current learning rate), the state of every random generator the trainer tracks (the
 * global one used by Dropout by default, a data loader's shuffling generator, ...), the History so far,
 * and the number of finished epochs. Tensor names are prefixed {@code model.}, {@code optimizer.},
 * {@code rng.} and {@code history.}; stripping {@code model.} gives a plain PyTorch-style state dict.
 *
 * <p>As a callback it saves after every epoch, overwriting the file atomically (see
 * {@link SafeTensors}): a crash at any moment leaves the previous checkpoint intact.
 * {@link Trainer#fit(Iterable, int, Iterable, Path, Callback...)} resumes from it; on the CPU with the
 * same seeds, the resumed run ends with the same weights, bit for bit, as a run that never stopped.
 *
 * <p>Not saved: the internal state of callbacks (EarlyStopping's patience counter, an LR schedule's
 * epoch counter), which start afresh on resume.
 */
public final class TrainingCheckpoint implements Callback {
    static final String FORMAT = "tensorj-training-checkpoint";
    static final String VERSION = "1";

    private final Path file;

    /** A callback that saves the run to {@code file} after every epoch. */
    public TrainingCheckpoint(Path file) {
        this.file = file;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        try {
            save(file, trainer, epoch + 1, trainer.history());
        } catch (IOException e) {
            throw new UncheckedIOException("TrainingCheckpoint: cannot save " + file, e);
        }
        return false;
    }

    /** The state restored into a trainer: finished epochs and the history so far. */
    public record Restored(int epochsDone, History history) {
    }

    /** Writes the trainer's model, optimiser and generators, and the history, after {@code epochsDone} epochs. */
    public static void save(Path file, Trainer trainer, int epochsDone, History history) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        trainer.optimizer().stateDict().forEach((k, v) -> tensors.put("optimizer." + k, v));
        trainer.generators().forEach((name, g) -> tensors.put("rng." + name, Tensor.ofLongs(g.getState())));
        history.asMap().forEach((metric, values) -> {
            double[] v = new double[values.size()];
            for (int i = 0; i < v.length; i++) v[i] = values.get(i);
            tensors.put("history." + metric, Tensor.fromArray(v, v.length));
        });
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("version", VERSION);
        metadata.put("epoch", Integer.toString(epochsDone));
        metadata.put("model", trainer.model().name());
        metadata.put("optimizer", trainer.optimizer().getClass().getSimpleName());
        SafeTensors.save(tensors, metadata, file);
    }

    /**
     * Restores a checkpoint into a trainer built like the one that saved it (same model architecture,
     * same optimiser type and parameter groups, same tracked generators). Everything is checked first
     * and every problem reported at once; nothing is modified unless the whole checkpoint fits.
     *
     * @throws IOException when the file is not a valid checkpoint
     * @throws IllegalArgumentException when it does not fit this trainer (names what does not)
     */
    public static Restored restore(Path file, Trainer trainer) throws IOException {
        Map<String, Tensor> model = new LinkedHashMap<>(), optimizer = new LinkedHashMap<>(), rng = new LinkedHashMap<>();
        History history = new History();
        int epochsDone;
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            Map<String, String> meta = reader.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new IOException(file + ": not a training checkpoint (metadata format is " + meta.get("format") + ", expected " + FORMAT
                        + "); a model-only file loads with SafeTensors.loadInto");
            }
            if (!VERSION.equals(meta.get("version"))) throw new IOException(file + ": checkpoint version " + meta.get("version") + ", this tensorj reads " + VERSION);
            epochsDone = CheckpointEntries.parseEpoch(file, meta.get("epoch"));
            List<String> problems = new ArrayList<>();
            String optimizerType = trainer.optimizer().getClass().getSimpleName();
            if (!optimizerType.equals(meta.get("optimizer"))) problems.add("optimizer: saved by " + meta.get("optimizer") + ", this trainer uses " + optimizerType);
            Map<String, int[]> modelShapes = new LinkedHashMap<>();
            Set<String> savedGenerators = new HashSet<>();
            for (var e : reader.entries().entrySet()) {
                String name = e.getKey();
                SafeTensorsReader.TensorInfo info = e.getValue();
                int dot = name.indexOf('.');
                String part = dot < 0 ? name : name.substring(0, dot), key = name.substring(dot + 1);
                switch (part) {
                    case "model" -> modelShapes.put(key, info.shape());
                    case "optimizer" -> CheckpointEntries.checkOptimizerEntry("optimizer", trainer.optimizer(), key, info, problems);
                    case "rng" -> {
                        CheckpointEntries.checkGeneratorEntry(key, info, trainer.generators(), problems);
                        savedGenerators.add(key);
                    }
                    case "history" -> {
                        if (!info.dtype().equals("F64") || !Arrays.equals(info.shape(), new int[] {epochsDone})) {
                            problems.add("history: '" + key + "' must be F64 [" + epochsDone + "], is " + info.dtype() + " " + Arrays.toString(info.shape()));
                        }
                    }
                    default -> problems.add("unexpected tensor '" + name + "' (names start with model., optimizer., rng. or history.)");
                }
            }
            CheckpointEntries.checkEveryGeneratorSaved(trainer.generators(), savedGenerators, problems);
            try {
                trainer.model().checkStateDict(modelShapes, true);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("TrainingCheckpoint.restore: " + file + " holds " + (meta.get("model") != null ? meta.get("model") : "an unnamed model")
                        + " (" + meta.get("optimizer") + ", after epoch " + epochsDone + "), this trainer trains " + trainer.model().name() + " (" + optimizerType + ")"
                        + "; it does not fit, nothing restored; "
                        + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
            }
            for (String name : reader.names()) {
                Tensor t = reader.tensor(name);
                String key = name.substring(name.indexOf('.') + 1);
                switch (name.substring(0, name.indexOf('.'))) {
                    case "model" -> model.put(key, t);
                    case "optimizer" -> optimizer.put(key, t);
                    case "rng" -> rng.put(key, t);
                    default -> {
                        for (double v : t.toDoubleArray()) history.record(key, v);
                    }
                }
            }
        }
        // everything is read and checked: apply
        trainer.model().loadStateDict(model, true);
        CheckpointEntries.loadOptimizer(trainer.optimizer(), optimizer);
        rng.forEach((name, state) -> trainer.generators().get(name).setState(state.toLongArray()));
        return new Restored(epochsDone, history);
    }
}
