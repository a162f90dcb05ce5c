package dev.tensorj.nn.train;

import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.metrics.ConfusionMatrix;
import dev.tensorj.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch macro precision, recall and F1 (scikit-learn's {@code average='macro'}) of a classifier,
 * recorded in the {@link History} as {@code precision}, {@code recall}, {@code f1} and their
 * {@code val_} twins. Unlike a {@link Metric}, which is averaged over batches, these are computed
 * exactly: after each epoch the model predicts the whole training and validation sets (eval mode, no
 * gradients) and the scores come from their confusion matrices, as the course computes them with
 * {@code sklearn.metrics} on the full predictions.
 */
public final class EpochClassificationMetrics implements Callback {
    private final Iterable<Batch> train;
    private final Iterable<Batch> validation;
    private final int numClasses;
    private ConfusionMatrix lastValidation;

    /**
     * @param train      the training data to score after each epoch (may be null to score validation only)
     * @param validation the validation data (may be null)
     * @param numClasses the number of classes (the width of the model's output)
     */
    public EpochClassificationMetrics(Iterable<Batch> train, Iterable<Batch> validation, int numClasses) {
        if (numClasses < 2) throw new IllegalArgumentException("EpochClassificationMetrics: needs at least 2 classes, got " + numClasses);
        this.train = train;
        this.validation = validation;
        this.numClasses = numClasses;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (train != null) record(trainer, "", confusion(trainer, train, numClasses), logs);
        if (validation != null) {
            lastValidation = confusion(trainer, validation, numClasses);
            record(trainer, "val_", lastValidation, logs);
        }
        return false;
    }

    /** The validation confusion matrix of the last epoch (null before the first epoch or without validation data). */
    public ConfusionMatrix lastValidation() {
        return lastValidation;
    }

    private static void record(Trainer trainer, String prefix, ConfusionMatrix matrix, Map<String, Double> logs) {
        double[] values = {matrix.macroPrecision(), matrix.macroRecall(), matrix.macroF1()};
        String[] names = {"precision", "recall", "f1"};
        for (int i = 0; i < names.length; i++) {
            trainer.history().record(prefix + names[i], values[i]);
            logs.put(prefix + names[i], values[i]);
        }
    }

    /** The confusion matrix of the trainer's model on {@code data} (argmax of its outputs against the INT64 targets). */
    public static ConfusionMatrix confusion(Trainer trainer, Iterable<Batch> data, int numClasses) {
        List<Tensor> inputs = new ArrayList<>(), targets = new ArrayList<>();
        for (Batch batch : data) {
            inputs.add(batch.inputs());
            targets.add(batch.targets());
        }
        Tensor scores = trainer.predict(inputs);
        if (scores.rank() != 2 || scores.size(1) != numClasses) {
            throw new IllegalArgumentException("EpochClassificationMetrics: expects model outputs [N, " + numClasses + "], got " + scores.shape());
        }
        return ConfusionMatrix.of(Tensor.concat(0, targets), scores.argmax(1), numClasses);
    }
}
