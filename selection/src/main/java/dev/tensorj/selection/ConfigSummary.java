package dev.tensorj.selection;

/**
 * One configuration's results over its folds: the mean and (population) standard deviation of each
 * final validation metric, as {@link CrossValidation} reports them.
 *
 * @param params   the configuration
 * @param folds    how many folds (rows) it has
 * @param diverged whether any fold diverged (its means are then NaN)
 */
public record ConfigSummary(Params params, int folds, boolean diverged, double valLoss, double valLossStd, double valF1, double valF1Std,
                            double valAccuracy, double valAccuracyStd, double trainSeconds) {

    /** The mean of a metric by name: {@code val_loss}, {@code val_f1}, {@code val_accuracy} or {@code train_seconds}. */
    public double metric(String name) {
        return switch (Metric.of(name)) {
            case VAL_LOSS -> valLoss;
            case VAL_F1 -> valF1;
            case VAL_ACCURACY -> valAccuracy;
            case TRAIN_SECONDS -> trainSeconds;
        };
    }

    /** The metrics a search can rank by, with the direction that is better. */
    public enum Metric {
        VAL_LOSS("val_loss", false), VAL_F1("val_f1", true), VAL_ACCURACY("val_accuracy", true), TRAIN_SECONDS("train_seconds", false);

        private final String name;
        private final boolean higherIsBetter;

        Metric(String name, boolean higherIsBetter) {
            this.name = name;
            this.higherIsBetter = higherIsBetter;
        }

        public String label() {
            return name;
        }

        public boolean higherIsBetter() {
            return higherIsBetter;
        }

        /** The metric named {@code name}, or an error listing the names. */
        public static Metric of(String name) {
            for (Metric m : values()) if (m.name.equals(name)) return m;
            throw new IllegalArgumentException("unknown metric '" + name + "': choose one of val_loss, val_f1, val_accuracy, train_seconds");
        }
    }
}
