package dev.tensorj.nn.metrics;

import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Tensor;

import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs: {@code counts[t][p]} is how many samples of class t
 * were predicted as p. Rows are true classes, columns predictions (scikit-learn's convention).
 * Per-class precision, recall and F1 follow from its diagonal, row sums and column sums.
 */
public final class ConfusionMatrix {
    private final int numClasses;
    private final long[][] counts;

    private ConfusionMatrix(int numClasses, long[][] counts) {
        this.numClasses = numClasses;
        this.counts = counts;
    }

    /**
     * From INT64 class indices of equal shape. Computed with tensor ops: the one-hot matrices of the
     * true and predicted labels multiplied, {@code onehot(true)^T . onehot(predicted)}.
     */
    public static ConfusionMatrix of(Tensor trueLabels, Tensor predictedLabels, int numClasses) {
        if (trueLabels.dtype() != DType.INT64 || predictedLabels.dtype() != DType.INT64) {
            throw new IllegalArgumentException("ConfusionMatrix: expects INT64 class indices, got " + trueLabels.dtype() + " and " + predictedLabels.dtype());
        }
        if (!trueLabels.shape().equals(predictedLabels.shape())) {
            throw new IllegalArgumentException("ConfusionMatrix: true labels " + trueLabels.shape() + " and predictions " + predictedLabels.shape() + " differ in shape");
        }
        Tensor t = trueLabels.reshape(-1).oneHot(numClasses).to(DType.FLOAT64);
        Tensor p = predictedLabels.reshape(-1).oneHot(numClasses).to(DType.FLOAT64);
        double[] flat = t.t().matmul(p).toDoubleArray();
        long[][] counts = new long[numClasses][numClasses];
        for (int i = 0; i < numClasses; i++) {
            for (int j = 0; j < numClasses; j++) counts[i][j] = Math.round(flat[i * numClasses + j]);
        }
        return new ConfusionMatrix(numClasses, counts);
    }

    /** The number of classes C; the matrix is C x C. */
    public int numClasses() {
        return numClasses;
    }

    /** How many samples of class {@code trueClass} were predicted as {@code predictedClass}. */
    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** A copy of the counts, rows = true classes. */
    public long[][] counts() {
        long[][] copy = new long[numClasses][];
        for (int i = 0; i < numClasses; i++) copy[i] = counts[i].clone();
        return copy;
    }

    /** The number of samples counted (the sum of all cells). */
    public long total() {
        long sum = 0;
        for (long[] row : counts) for (long c : row) sum += c;
        return sum;
    }

    /** Share of samples on the diagonal. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < numClasses; i++) correct += counts[i][i];
        return total() == 0 ? 0 : (double) correct / total();
    }

    /** TP / (TP + FP): of the samples predicted as c, the share that are c (0 when none is predicted c). */
    public double precision(int c) {
        long predicted = 0;
        for (int i = 0; i < numClasses; i++) predicted += counts[i][c];
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** TP / (TP + FN): of the samples of class c, the share predicted as c (0 when there are none). */
    public double recall(int c) {
        long actual = 0;
        for (int j = 0; j < numClasses; j++) actual += counts[c][j];
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    /** Harmonic mean of precision and recall: 2PR / (P + R), 0 when both are 0. */
    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean over classes. */
    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < numClasses; c++) s += precision(c);
        return s / numClasses;
    }

    /** Recall averaged over classes, unweighted (scikit-learn's {@code average="macro"}). */
    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < numClasses; c++) s += recall(c);
        return s / numClasses;
    }

    /** F1 averaged over classes, unweighted (scikit-learn's {@code average="macro"}). */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < numClasses; c++) s += f1(c);
        return s / numClasses;
    }

    /**
     * Micro averages pool all classes' TP, FP and FN; for single-label classification every error is
     * one FP and one FN, so micro precision = micro recall = micro F1 = accuracy.
     */
    public double microF1() {
        return accuracy();
    }

    /** A text table with per-class precision, recall, F1 and support, like scikit-learn's report. */
    public String report(String[] classNames) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s %9s %9s %9s %9s%n", "", "precision", "recall", "f1", "support"));
        for (int c = 0; c < numClasses; c++) {
            long support = 0;
            for (int j = 0; j < numClasses; j++) support += counts[c][j];
            String name = classNames != null && c < classNames.length ? classNames[c] : Integer.toString(c);
            sb.append(String.format(Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %9d%n", name, precision(c), recall(c), f1(c), support));
        }
        sb.append(String.format(Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %9d%n", "macro avg", macroPrecision(), macroRecall(), macroF1(), total()));
        sb.append(String.format(Locale.ROOT, "%-14s %29.4f %9d%n", "accuracy", accuracy(), total()));
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long[] row : counts) {
            for (long c : row) sb.append(String.format(Locale.ROOT, "%7d", c));
            sb.append('\n');
        }
        return sb.toString();
    }
}
