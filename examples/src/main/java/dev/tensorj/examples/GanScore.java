package dev.tensorj.examples;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.PrintStream;
import java.util.Locale;

/**
 * An objective score for generated images instead of "looks like digits": a classifier trained with
 * tensorj on the real images (the course's C1 CNN, see {@link CnnExercise#c1}) labels them, and we
 * report the share it classifies with confidence above 0.9 (the images look like some class) and, for a
 * conditional GAN, the share it puts in the class that was asked for (the label is obeyed). Chance
 * for the second is 1 / classes.
 */
public final class GanScore {
    /** Confidence above which an image counts as clearly one class. */
    public static final double CONFIDENT = 0.9;

    private GanScore() {
    }

    /**
     * @param confidentShare    share of images whose top class has probability above {@link #CONFIDENT}
     * @param classAccuracy     share classified as the requested class (NaN without requested labels)
     * @param largestClassShare share of the most frequent predicted class: about 1 / classes for a generator
     *                          that covers every class, near 1 when it collapsed onto one (or draws noise the
     *                          classifier happens to put in one class with high confidence)
     */
    public record Score(double confidentShare, double classAccuracy, double largestClassShare) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f %% classified with confidence > %.1f", 100 * confidentShare, CONFIDENT)
                    + (Double.isNaN(classAccuracy) ? "" : String.format(Locale.ROOT, ", %.1f %% as the requested class", 100 * classAccuracy))
                    + String.format(Locale.ROOT, ", the most frequent class holds %.1f %%", 100 * largestClassShare);
        }
    }

    /**
     * Trains C1 (Adam 1e-3, cross-entropy) for {@code epochs} on {@code train}, whose images must be
     * scaled like the generator's output ([-1, 1]), and returns it in eval mode.
     */
    public static Layer trainClassifier(TensorDataset train, int epochs, int batchSize, long seed, PrintStream out, boolean verbose) {
        Layer classifier = CnnExercise.c1(new Generator(seed));
        Trainer trainer = new Trainer(classifier, new Adam(classifier.parameters(), 0.001), Losses.crossEntropy(), Metric.accuracy())
                .verbose(verbose).printTo(out);
        trainer.fit(Loaders.loader(train, batchSize, true, seed), epochs, null);
        classifier.eval();
        return classifier;
    }

    /** Test accuracy of the classifier on real images (how far its labels can be trusted). */
    public static double accuracy(Layer classifier, TensorDataset test) {
        Tensor predicted = probabilities(classifier, test.inputs()).argmax(1);
        return predicted.eq(test.targets()).to(dev.tensorj.tensor.DType.FLOAT32).mean().item();
    }

    /** Scores generated images [N, 1, 28, 28] in [-1, 1]; {@code requested} INT64 labels [N] or null. */
    public static Score score(Layer classifier, Tensor images, Tensor requested) {
        Tensor probabilities = probabilities(classifier, images);
        double confident = probabilities.max(1).gt(CONFIDENT).to(dev.tensorj.tensor.DType.FLOAT32).mean().item();
        Tensor predicted = probabilities.argmax(1);
        double asked = requested == null ? Double.NaN : predicted.eq(requested).to(dev.tensorj.tensor.DType.FLOAT32).mean().item();
        long[] counts = new long[probabilities.size(1)];
        for (long c : predicted.toLongArray()) counts[(int) c]++;
        long largest = java.util.Arrays.stream(counts).max().orElse(0);
        return new Score(confident, asked, (double) largest / Math.max(1, images.size(0)));
    }

    private static Tensor probabilities(Layer classifier, Tensor images) {
        boolean wasTraining = classifier.isTraining();
        classifier.eval();
        try (var noGrad = Grad.disabled()) {
            int n = images.size(0), chunk = 1000;
            Tensor[] parts = new Tensor[(n + chunk - 1) / chunk];
            for (int i = 0; i < parts.length; i++) {
                int start = i * chunk, size = Math.min(chunk, n - start);
                parts[i] = classifier.forward(new Variable(images.narrow(0, start, size), false)).softmax(1).data();
            }
            return Tensor.concat(0, parts);
        } finally {
            classifier.setTraining(wasTraining);
        }
    }
}
