package dev.tensorj.nn.train;

import dev.tensorj.datasets.Batch;
import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras' {@code fit} / {@code evaluate} / {@code predict}, built on {@link #trainStep}, the plain loop
 * every training run is made of:
 * <pre>
 *   output = model.forward(input)
 *   loss   = lossFunction(output, target)
 *   optimizer.zeroGrad()
 *   loss.backward()
 *   optimizer.step()
 * </pre>
 */
public final class Trainer {
    private final Layer model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<Metric> metrics;
    private boolean verbose = true;
    private PrintStream out = System.out;
    /** Generators whose state a {@link TrainingCheckpoint} saves and restores, by name. */
    private final Map<String, Generator> generators = new LinkedHashMap<>();
    private History history = new History();

    /**
     * Trains {@code model} with {@code optimizer} on {@code loss}, logging the {@code metrics} each epoch; tracks the global generator for
     * checkpoints.
     */
    public Trainer(Layer model, Optimizer optimizer, Loss loss, Metric... metrics) {
        this.model = model;
        this.optimizer = optimizer;
        optimizer.nameParameters(model.namedParameters()); // its errors name the parameter at fault
        this.loss = loss;
        this.metrics = List.of(metrics);
        generators.put("global", Generator.global());
    }

    /** The model being trained. */
    public Layer model() {
        return model;
    }

    /** The optimiser stepping the model's parameters. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Adds a random generator to what checkpoints save and restore, e.g. a data loader's shuffling
     * generator or a Dropout's own generator (the global generator is tracked from the start). A resumed
     * run is bit-identical to an uninterrupted one only when every generator it draws from is tracked.
     */
    public Trainer trackGenerator(String name, Generator generator) {
        CheckpointEntries.track("Trainer.trackGenerator", generators, name, generator);
        return this;
    }

    /** The tracked generators by name (see {@link #trackGenerator}). */
    public Map<String, Generator> generators() {
        return java.util.Collections.unmodifiableMap(generators);
    }

    /** The history of the current (or last) {@link #fit}, including epochs restored from a checkpoint. */
    public History history() {
        return history;
    }

    /** Whether fit prints a progress bar and a line per epoch (default true). */
    public Trainer verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    /** Where fit prints its progress bar and epoch lines (default {@code System.out}). Returns this. */
    public Trainer printTo(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** What one step reports: the batch's loss and its metrics. */
    public record StepResult(double loss, double[] metrics) {
    }

    /** One optimisation step on one batch. */
    public StepResult trainStep(Batch batch) {
        Variable output = model.forward(new Variable(batch.inputs(), false));
        Variable lossValue = loss.compute(output, batch.targets());
        optimizer.zeroGrad();
        lossValue.backward();
        optimizer.step();
        return new StepResult(lossValue.data().item(), computeMetrics(output.data(), batch.targets()));
    }

    /**
     * Trains for {@code epochs} passes over {@code train} (iterated once per epoch, so a shuffling loader
     * reshuffles), evaluating on {@code validation} (may be null) after each, and returns the history:
     * loss, each metric, their {@code val_} twins and {@code lr}. Stops early when a callback asks.
     */
    public History fit(Iterable<Batch> train, int epochs, Iterable<Batch> validation, Callback... callbacks) {
        return fit(train, epochs, validation, null, callbacks);
    }

    /**
     * Like {@link #fit(Iterable, int, Iterable, Callback...)}, but first restores the model, optimiser,
     * tracked generators and history from a {@link TrainingCheckpoint} (when {@code resumeFrom} is not
     * null) and continues from the epoch after the saved one, up to {@code epochs} in total. The
     * returned history holds the restored epochs too. With the same data order and seeds, the result is
     * bit-identical to a run that was never interrupted.
     */
    public History fit(Iterable<Batch> train, int epochs, Iterable<Batch> validation, Path resumeFrom, Callback... callbacks) {
        history = new History();
        int first = 0;
        if (resumeFrom != null) {
            try {
                TrainingCheckpoint.Restored restored = TrainingCheckpoint.restore(resumeFrom, this);
                history = restored.history();
                first = restored.epochsDone();
            } catch (IOException e) {
                throw new UncheckedIOException("fit: cannot resume from " + resumeFrom, e);
            }
            if (verbose) out.println("Resuming from " + resumeFrom + " after epoch " + first + "/" + epochs);
        }
        for (Callback c : callbacks) c.onTrainBegin(this);
        for (int epoch = first; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            int stepsBefore = history.steps("loss").size();
            Map<String, Double> logs = trainEpoch(train, epoch, epochs, callbacks);
            long trained = System.nanoTime();
            if (validation != null) evaluate(validation).forEach((k, v) -> logs.put("val_" + k, v));
            long validated = System.nanoTime();
            logs.put("lr", optimizer.lr());
            history.recordAll(logs);
            if (verbose) {
                out.println(formatLogs(epoch, epochs, logs) + formatTimes(history.steps("loss").size() - stepsBefore,
                        (trained - start) / 1e9, validation == null ? Double.NaN : (validated - trained) / 1e9));
            }
            boolean stop = false;
            for (Callback c : callbacks) stop |= c.onEpochEnd(this, epoch, logs);
            if (stop) {
                if (verbose) out.println("Stopping early after epoch " + (epoch + 1));
                break;
            }
        }
        for (Callback c : callbacks) c.onTrainEnd(this);
        return history;
    }

    private Map<String, Double> trainEpoch(Iterable<Batch> train, int epoch, int epochs, Callback[] callbacks) {
        model.train();
        Averages averages = new Averages(metrics);
        long steps = train.spliterator().getExactSizeIfKnown();
        try (ProgressDisplay progress = verbose ? ProgressDisplay.console("Epoch " + (epoch + 1) + "/" + epochs, steps, out) : ProgressDisplay.NONE) {
            int step = 0;
            for (Batch batch : train) {
                StepResult result = trainStep(batch);
                if (!Double.isFinite(result.loss())) {
                    throw new IllegalStateException("fit: the loss became " + result.loss() + " at epoch " + (epoch + 1) + ", step " + (step + 1)
                            + "; lower the learning rate, check the inputs, or run inside Anomaly.enable() to find the op that first produced it");
                }
                averages.add(batch.size(), result.loss(), result.metrics());
                history.recordStep("loss", result.loss());
                for (int i = 0; i < metrics.size(); i++) history.recordStep(metrics.get(i).name(), result.metrics()[i]);
                if (callbacks.length > 0) {
                    Map<String, Double> stepLogs = stepLogs(result);
                    for (Callback c : callbacks) c.onBatchEnd(this, epoch, step, stepLogs);
                }
                step++;
                progress.step(averages.summary());
            }
        }
        return averages.asLogs();
    }

    /** Mean loss and metrics over a data set, in eval mode without gradients. */
    public Map<String, Double> evaluate(Iterable<Batch> data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Averages averages = new Averages(metrics);
        try (var noGrad = Grad.disabled()) {
            for (Batch batch : data) {
                Variable output = model.forward(new Variable(batch.inputs(), false));
                double lossValue = loss.compute(output, batch.targets()).data().item();
                averages.add(batch.size(), lossValue, computeMetrics(output.data(), batch.targets()));
            }
        } finally {
            model.setTraining(wasTraining);
        }
        return averages.asLogs();
    }

    /** The model's outputs for every batch input, concatenated along the batch axis (eval mode, no gradients). */
    public Tensor predict(Iterable<Tensor> inputs) {
        return predict(model, inputs);
    }

    /**
     * The outputs of {@code model} for every input, concatenated along the batch axis, in eval mode without gradients (its mode is restored
     * after).
     */
    public static Tensor predict(Layer model, Iterable<Tensor> inputs) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Tensor> outputs = new ArrayList<>();
        try (var noGrad = Grad.disabled()) {
            for (Tensor input : inputs) outputs.add(model.forward(new Variable(input, false)).data());
        } finally {
            model.setTraining(wasTraining);
        }
        return Tensor.concat(0, outputs);
    }

    private Map<String, Double> stepLogs(StepResult result) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", result.loss());
        for (int i = 0; i < metrics.size(); i++) logs.put(metrics.get(i).name(), result.metrics()[i]);
        return logs;
    }

    private double[] computeMetrics(Tensor outputs, Tensor targets) {
        double[] values = new double[metrics.size()];
        for (int i = 0; i < values.length; i++) values[i] = metrics.get(i).compute(outputs, targets);
        return values;
    }

    private static String formatLogs(int epoch, int epochs, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder("Epoch " + (epoch + 1) + "/" + epochs + ":");
        logs.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.4g", k, v)));
        return sb.toString();
    }

    /** Keras' "- 13s 218ms/step" on the epoch line: the training time, per step, and the validation pass's. */
    private static String formatTimes(int steps, double trainSeconds, double validationSeconds) {
        String perStep = steps == 0 ? "" : trainSeconds / steps >= 1 ? String.format(Locale.ROOT, " (%.2f s/step)", trainSeconds / steps)
                : String.format(Locale.ROOT, " (%.1f ms/step)", 1e3 * trainSeconds / steps);
        return String.format(Locale.ROOT, " - %.1f s%s", trainSeconds, perStep)
                + (Double.isNaN(validationSeconds) ? "" : String.format(Locale.ROOT, ", validation %.1f s", validationSeconds));
    }

    /** Batch-size-weighted running means of the loss and metrics. */
    private static final class Averages {
        private final List<Metric> metrics;
        private double lossSum;
        private final double[] metricSums;
        private long count;

        Averages(List<Metric> metrics) {
            this.metrics = metrics;
            this.metricSums = new double[metrics.size()];
        }

        void add(int batchSize, double loss, double[] metricValues) {
            lossSum += loss * batchSize;
            for (int i = 0; i < metricSums.length; i++) metricSums[i] += metricValues[i] * batchSize;
            count += batchSize;
        }

        Map<String, Double> asLogs() {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", count == 0 ? Double.NaN : lossSum / count);
            for (int i = 0; i < metricSums.length; i++) logs.put(metrics.get(i).name(), count == 0 ? Double.NaN : metricSums[i] / count);
            return logs;
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            asLogs().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.4f ", k, v)));
            return sb.toString().trim();
        }
    }
}
