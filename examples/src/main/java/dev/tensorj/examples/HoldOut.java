package dev.tensorj.examples;

import dev.tensorj.datasets.Batch;
import dev.tensorj.datasets.Dataset;
import dev.tensorj.datasets.Split;
import dev.tensorj.datasets.Splits;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.train.EarlyStopping;
import dev.tensorj.nn.train.History;

import java.util.Locale;

/**
 * Validation, not test, chooses: the image classifiers (MNIST/Fashion MLP, C1, C2) hold out a seeded random share
 * of their training set, watch its accuracy after every epoch (the learning curves' validation line), keep the
 * weights of the epoch where it was highest (optionally stopping after {@code patience} epochs without a better
 * one), and only then look at the test set, once.
 */
final class HoldOut {
    /** The share held out unless the user says otherwise (Keras' {@code validation_split=0.1}, common in the course). */
    static final double DEFAULT_FRACTION = 0.1;
    /** What chooses the best epoch. */
    static final String MONITOR = "val_accuracy";

    /** The training part (a view) and the validation part (materialised; null without a split). */
    record Parts(Dataset train, TensorDataset validation) {
    }

    /** What the validation split chose, for the report: {@code bestEpoch} is 1-based, the last epoch without a split. */
    record Choice(double fraction, int validationSize, int epochsRun, int bestEpoch, double valAccuracy) {
        boolean held() {
            return validationSize > 0;
        }

        /** One sentence on which weights the test set saw. */
        String sentence() {
            if (!held()) return "No validation split (--validation-split 0): the test set was evaluated once, after the last epoch.";
            return String.format(Locale.ROOT, "%.0f %% of the training set (%,d samples, chosen at random with the seed) was held out for validation; "
                    + "the test set was evaluated once, at the end, with the weights of epoch %d of %d, the one with the highest validation accuracy.",
                    100 * fraction, validationSize, bestEpoch, epochsRun);
        }
    }

    private HoldOut() {
    }

    /** The default share for a {@code tensorj train} model: none for mnist-mlp (its notebook trains on all 60,000), the notebook's 10 % for imdb-tuning. */
    static double defaultFraction(String model) {
        return switch (model) {
            case "mnist-mlp" -> 0;
            case "imdb-tuning" -> ImdbTuning.NOTEBOOK.validationSplit();
            default -> DEFAULT_FRACTION;
        };
    }

    /** Holds out {@code round(N · fraction)} samples chosen at random with {@code seed}; {@code fraction} 0: all to train, no validation. */
    static Parts split(TensorDataset data, double fraction, long seed) {
        if (fraction == 0) return new Parts(data, null);
        Split split = Splits.trainValSplit(data, fraction, seed);
        if (split.train().size() == 0 || split.validation().size() == 0) {
            throw new IllegalArgumentException("a validation split of " + fraction + " of " + data.size() + " samples leaves " + split.train().size()
                    + " to train on and " + split.validation().size() + " to validate; both need at least one");
        }
        int[] all = new int[split.validation().size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        Batch validation = split.validation().batch(all);
        return new Parts(split.train(), new TensorDataset(validation.inputs(), validation.targets(), data.classNames()));
    }

    /**
     * The callback that keeps the best epoch's weights (restored when training ends) and, with {@code patience},
     * stops after that many epochs without a better validation accuracy; null without a validation split.
     */
    static EarlyStopping keeper(Parts parts, Integer patience) {
        return parts.validation() == null ? null : new EarlyStopping(MONITOR, patience != null ? patience : Integer.MAX_VALUE, 0, true);
    }

    /** What was chosen, after training. */
    static Choice choice(Parts parts, double fraction, EarlyStopping keeper, History history) {
        if (keeper == null) return new Choice(0, 0, history.epochs(), history.epochs(), Double.NaN);
        int best = keeper.bestEpoch();
        if (best < 0) throw new IllegalStateException("no epoch had a finite " + MONITOR + ": " + history.get(MONITOR));
        return new Choice(fraction, parts.validation().size(), history.epochs(), best + 1, history.get(MONITOR).get(best));
    }
}
