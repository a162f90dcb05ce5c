package dev.tensorj.examples;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which options of {@code tensorj train} each model reads, and the checks of their values: done before any data
 * loads, so a mistake costs one line (a {@link UsageError}) rather than a run.
 */
final class TrainOptions {
    private static final Set<String> COMMON = Set.of("--seed", "--debug", "--help", "-h", "--version", "-V");
    private static final Set<String> TRAINER = Set.of("--epochs", "--batch-size", "--limit", "--out", "--tensorboard");
    private static final Set<String> GPU = Set.of("--device");
    /** A validation split held out of the training set, and early stopping on it. */
    private static final Set<String> HOLD_OUT = Set.of("--validation-split", "--patience");

    /** Model name to the options it reads beyond {@link #COMMON}. */
    static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("mnist-mlp", union(TRAINER, GPU, HOLD_OUT)),
            Map.entry("fashion-mlp", union(TRAINER, GPU, HOLD_OUT)),
            Map.entry("c1", union(TRAINER, GPU, HOLD_OUT, Set.of("--recipe"))),
            Map.entry("c2", union(TRAINER, GPU, HOLD_OUT, Set.of("--recipe"))),
            Map.entry("c1-vs-c2", Set.of("--epochs", "--limit", "--out", "--tensorboard")),
            Map.entry("autoencoder", TRAINER),
            Map.entry("imdb-lstm", TRAINER),
            Map.entry("imdb-lstm-dropout", TRAINER),
            Map.entry("imdb-cnn-lstm", TRAINER),
            Map.entry("imdb-tuned", TRAINER),
            Map.entry("imdb-tuning", union(TRAINER, HOLD_OUT)),
            Map.entry("iris", Set.of("--epochs", "--out", "--tensorboard")),
            Map.entry("wine", Set.of("--epochs", "--out", "--tensorboard")),
            Map.entry("perceptron", Set.of("--epochs", "--out")),
            Map.entry("iris-4-10-3", Set.of("--epochs", "--tensorboard")),
            Map.entry("wine-colour", Set.of("--epochs", "--tensorboard")),
            Map.entry("perceptron-rosenblatt", Set.of()),
            Map.entry("resnet-transfer", Set.of("--epochs", "--batch-size", "--limit", "--weights", "--checkpoint", "--out", "--tensorboard")),
            Map.entry("dcgan-mnist", union(TRAINER, Set.of("--checkpoint"))),
            Map.entry("dcgan-cifar10", union(TRAINER, Set.of("--checkpoint"))),
            Map.entry("cgan-fashion", union(TRAINER, Set.of("--checkpoint"))),
            Map.entry("cgan-fashion-notebook", union(TRAINER, Set.of("--checkpoint"))));

    private TrainOptions() {
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) all.addAll(s);
        return Set.copyOf(all);
    }

    /**
     * Checks {@code model} and the options given on the command line ({@code given}: their longest names):
     * an unknown model, an option the model does not read ("--device" only when it asks for a GPU: every model
     * trains on the CPU), or a count below 1.
     */
    static void check(String model, List<String> given, Integer epochs, Integer batchSize, Integer limit) {
        Set<String> reads = OPTIONS.get(model);
        if (reads == null) throw new UsageError("unknown model '" + model + "'; choose one of: " + TrainCommand.MODELS);
        for (String option : given) {
            if (COMMON.contains(option) || reads.contains(option)) continue;
            if (option.equals("--device")) continue; // every model trains on the CPU; TrainingDevice.select names those that train on a GPU
            throw new UsageError(option + " does not apply to " + model + describe(reads));
        }
        atLeastOne("--epochs", epochs);
        atLeastOne("--batch-size", batchSize);
        atLeastOne("--limit", limit);
    }

    /**
     * Checks {@code --validation-split} (a fraction in [0, 1); 0, no validation, only where the model can train
     * without one) and {@code --patience} (at least 1, and only with a validation split to watch), and that
     * {@code --limit} leaves at least one sample on each side of the split; nothing for a model that reads neither.
     */
    static void checkHoldOut(String model, Double validationSplit, Integer patience, Integer limit, double defaultSplit) {
        boolean holdsOut = OPTIONS.getOrDefault(model, Set.of()).contains("--validation-split") || model.equals("c1-vs-c2"); // c1-vs-c2: always 10 %
        if (!holdsOut) return;
        boolean needsValidation = model.equals("imdb-tuning");
        if (validationSplit != null && !(validationSplit >= 0 && validationSplit < 1)) {
            throw new UsageError("--validation-split must be a fraction in [0, 1), got " + validationSplit);
        }
        if (validationSplit != null && validationSplit == 0 && needsValidation) {
            throw new UsageError("--validation-split must be above 0 for " + model + " (its callbacks watch the validation loss), got 0");
        }
        atLeastOne("--patience", patience);
        double split = validationSplit != null ? validationSplit : defaultSplit;
        if (patience != null && split == 0) throw new UsageError("--patience needs a validation split to watch; give --validation-split above 0");
        if (limit != null && split > 0) {
            long held = Math.round(limit * split);
            if (held < 1 || held >= limit) {
                throw new UsageError(String.format(java.util.Locale.ROOT, "--limit %d with --validation-split %s leaves %d of them for validation and %d to train on; "
                        + "both need at least one", limit, split, held, limit - held));
            }
        }
    }

    private static String describe(Set<String> reads) {
        List<String> names = reads.stream().filter(Predicate.not(COMMON::contains)).sorted().toList();
        return names.isEmpty() ? " (it takes no training options)" : " (it reads " + String.join(", ", names) + ")";
    }

    /** A count the user gave ({@code null}: not given) must be at least 1: else one line, exit 2. */
    static void atLeastOne(String option, Integer value) {
        if (value != null && value < 1) throw new UsageError(option + " must be at least 1, got " + value);
    }
}
