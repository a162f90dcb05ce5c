package dev.tensorj.nn.train;

import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.io.SafeTensors;
import dev.tensorj.nn.io.SafeTensorsReader;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.optim.ParamGroup;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks and conversions the resumable checkpoints share ({@link TrainingCheckpoint} of a
 * {@link Trainer}, and the GAN trainer's): whether a saved optimiser entry or generator state fits what
 * is being restored, read from the file's header before anything is loaded, so that a checkpoint that
 * does not fit is reported whole and restores nothing.
 */
public final class CheckpointEntries {
    private CheckpointEntries() {
    }

    /**
     * Adds a problem unless {@code key} (without its prefix) fits the grammar of {@link Optimizer#stateDict()}
     * for {@code optimizer}: {@code group.G.option} (a scalar), {@code state.I.name} (parameter I's shape and
     * dtype), {@code step.I} (an I64 scalar). {@code role} names the optimiser in the message.
     */
    public static void checkOptimizerEntry(String role, Optimizer optimizer, String key, SafeTensorsReader.TensorInfo info, List<String> problems) {
        String[] parts = key.split("\\.", 3);
        List<Variable> params = parameters(optimizer);
        int groups = optimizer.paramGroups().size();
        int index;
        try {
            index = parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            index = -1;
        }
        boolean ok = switch (parts[0]) {
            case "group" -> parts.length == 3 && index >= 0 && index < groups && info.shape().length == 0;
            case "state" -> parts.length == 3 && index >= 0 && index < params.size() && Arrays.equals(info.shape(), params.get(index).data().dims())
                    && info.dtype().equals(SafeTensors.code(params.get(index).data().dtype()));
            case "step" -> parts.length == 2 && index >= 0 && index < params.size() && info.shape().length == 0 && info.dtype().equals("I64");
            default -> false;
        };
        if (!ok) {
            problems.add(role + ": entry '" + key + "' (" + info.dtype() + " " + Arrays.toString(info.shape()) + ") does not fit an optimiser with "
                    + groups + " group(s) and " + params.size() + " parameter(s)");
        }
    }

    /**
     * Adds {@code generator} under {@code name} to a trainer's {@code tracked} generators, whose states a checkpoint saves as
     * {@code rng.<name>}: the name must be non-empty and without dots, the generator not null; {@code owner} names the
     * method in the message.
     */
    public static void track(String owner, Map<String, Generator> tracked, String name, Generator generator) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException(owner + ": invalid name '" + name + "' (non-empty, no dots)");
        if (generator == null) throw new IllegalArgumentException(owner + ": generator '" + name + "' is null (a loader without shuffling has none)");
        tracked.put(name, generator);
    }

    /** Adds a problem unless the saved state of generator {@code name} is an I64 [3] of a generator in {@code tracked}. */
    public static void checkGeneratorEntry(String name, SafeTensorsReader.TensorInfo info, Map<String, Generator> tracked, List<String> problems) {
        if (!tracked.containsKey(name)) problems.add("rng: generator '" + name + "' is not tracked by this trainer (tracked: " + tracked.keySet() + ")");
        if (!info.dtype().equals("I64") || !Arrays.equals(info.shape(), new int[] {3})) {
            problems.add("rng: '" + name + "' must be I64 [3], is " + info.dtype() + " " + Arrays.toString(info.shape()));
        }
    }

    /** Adds a problem for each tracked generator whose state {@code saved} (the names after {@code rng.}) lacks. */
    public static void checkEveryGeneratorSaved(Map<String, Generator> tracked, Set<String> saved, List<String> problems) {
        for (String name : tracked.keySet()) {
            if (!saved.contains(name)) problems.add("rng: generator '" + name + "' is tracked by this trainer but not saved in the checkpoint");
        }
    }

    /** Loads a checked optimiser state dict, each {@code state.I.*} tensor first moved to parameter I's device. */
    public static void loadOptimizer(Optimizer optimizer, Map<String, Tensor> saved) {
        List<Variable> params = parameters(optimizer);
        saved.replaceAll((key, t) -> key.startsWith("state.") ? t.to(params.get(Integer.parseInt(key.split("\\.")[1])).data().device()) : t);
        optimizer.loadStateDict(saved);
    }

    /** The count of finished epochs in a checkpoint's metadata, or an IOException naming the file. */
    public static int parseEpoch(Path file, String epoch) throws IOException {
        try {
            int n = Integer.parseInt(epoch);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": checkpoint metadata 'epoch' is " + epoch + ", expected a count of finished epochs");
        }
    }

    /** The optimiser's parameters, numbered across its groups as in {@link Optimizer#stateDict()}. */
    private static List<Variable> parameters(Optimizer optimizer) {
        List<Variable> all = new ArrayList<>();
        for (ParamGroup group : optimizer.paramGroups()) all.addAll(group.params());
        return all;
    }
}
