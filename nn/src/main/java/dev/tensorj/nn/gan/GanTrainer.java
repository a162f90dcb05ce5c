package dev.tensorj.nn.gan;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.loss.Loss;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.optim.ParamGroup;
import dev.tensorj.datasets.Batch;
import dev.tensorj.nn.train.CheckpointEntries;
import dev.tensorj.nn.train.ProgressDisplay;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains a generative adversarial network: a generator G that turns noise (and, for a conditional GAN,
 * a class label) into images, and a discriminator D that scores images (with their label) as real or
 * fake with one logit. One {@link #step} is the course's {@code train_step}:
 * <pre>
 *   noise       = normal(batch, latentDim)
 *   fake        = G(noise)
 *   G loss      = BCE(D(fake), 1)                 the generator wants its images called real
 *   D loss      = BCE(D(real), 1) + BCE(D(fake), 0)
 *   gradients of G loss for G's parameters only, of D loss for D's parameters only; then both
 *   optimisers step (as in TensorFlow's tutorial, both gradients come from the same parameters).
 * </pre>
 * How the gradients stay apart: while the generator's loss runs back through D, D's parameters are
 * frozen (requiresGrad false), so backward stops at G's parameters and D's {@code grad} is never
 * touched; the discriminator's loss sees the fakes {@link Variable#detach() detached}, so its backward
 * never reaches G. (PyTorch's DCGAN example does the same with {@code fake.detach()}.)
 *
 * <p>In a conditional GAN both networks also take the batch's labels: the generator is asked for
 * fakes of the same classes as the real images, and the discriminator judges every image together
 * with its label.
 *
 * <p>That is the default {@link GanSchedule#SIMULTANEOUS} schedule; {@link #schedule(GanSchedule, int)} with
 * {@link GanSchedule#KERAS_HALF_BATCHES} runs the Keras notebooks' loop instead (D on half a batch of real
 * images, then on half a batch of fakes, then G: three steps in turn). The notebook's conditional GAN
 * ({@code ConditionalGan.generator(int, int, Generator)}) needs it: with simultaneous updates its generator's
 * tanh saturated at -1 (all-black images) within 40 steps.
 *
 * <p>{@link #fit} runs epochs with a progress bar showing both losses, records a {@link GanHistory},
 * and calls each {@link GanCallback} after every epoch (sample grids, checkpoints).
 */
public final class GanTrainer {
    private final Layer generator;
    private final Layer discriminator;
    private final Optimizer generatorOptimizer;
    private final Optimizer discriminatorOptimizer;
    private final int latentDim;
    private final boolean conditional;
    private final Generator random;
    private final Loss bce = Losses.bceWithLogits();
    private final List<GanCallback> callbacks = new ArrayList<>();
    private final Map<String, Generator> generators = new LinkedHashMap<>();
    private GanHistory history = new GanHistory();
    private boolean verbose = true;
    private PrintStream out = System.out;
    private GanSchedule schedule = GanSchedule.SIMULTANEOUS;
    private int classes;

    /**
     * @param latentDim   length of each noise vector
     * @param conditional whether G and D take the batch's labels as a second input ({@code forward(x, labels)})
     * @param random      the source of the noise (seed it for reproducible runs)
     */
    public GanTrainer(Layer generator, Layer discriminator, Optimizer generatorOptimizer, Optimizer discriminatorOptimizer,
                      int latentDim, boolean conditional, Generator random) {
        requireOwnParameters("generator", generatorOptimizer, generator, discriminator);
        requireOwnParameters("discriminator", discriminatorOptimizer, discriminator, generator);
        this.generator = generator;
        this.discriminator = discriminator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.latentDim = latentDim;
        this.conditional = conditional;
        this.random = random;
        generators.put("noise", random);
        generators.put("global", Generator.global());
    }

    /**
     * Adds a random generator to what a {@link GanTrainingCheckpoint} saves and restores: a data loader's
     * shuffling generator, the generator a Dropout draws from (the noise generator and the global one are
     * tracked from the start). A resumed run is bit-identical to an uninterrupted one only when every
     * generator it draws from is tracked. Returns this.
     */
    public GanTrainer trackGenerator(String name, Generator generator) {
        CheckpointEntries.track("GanTrainer.trackGenerator", generators, name, generator);
        return this;
    }

    /** The tracked generators by name (see {@link #trackGenerator}). */
    public Map<String, Generator> generators() {
        return Collections.unmodifiableMap(generators);
    }

    /** The losses of one step. */
    public record StepLosses(double generator, double discriminator) {
    }

    /** Adds a callback run after every epoch, in the order added. Returns this. */
    public GanTrainer addCallback(GanCallback callback) {
        callbacks.add(callback);
        return this;
    }

    /** Whether fit prints a progress bar and a line per epoch (default true). */
    public GanTrainer verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    /** Where fit prints its progress and epoch lines (default {@code System.out}). Returns this. */
    public GanTrainer printTo(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** How each step trains the two networks (default {@link GanSchedule#SIMULTANEOUS}); for an unconditional GAN. Returns this. */
    public GanTrainer schedule(GanSchedule schedule) {
        return schedule(schedule, 0);
    }

    /**
     * How each step trains the two networks; {@code classes} is the number of labels the fakes of
     * {@link GanSchedule#KERAS_HALF_BATCHES} are drawn from in a conditional GAN (ignored otherwise). Returns this.
     */
    public GanTrainer schedule(GanSchedule schedule, int classes) {
        if (schedule == GanSchedule.KERAS_HALF_BATCHES && conditional && classes < 1) {
            throw new IllegalArgumentException("GanTrainer.schedule: a conditional GAN with KERAS_HALF_BATCHES needs the number of classes to draw the fakes' labels from, got " + classes);
        }
        this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
        this.classes = classes;
        return this;
    }

    /** The schedule of each step. */
    public GanSchedule schedule() {
        return schedule;
    }

    /** The generator G being trained. */
    public Layer generator() {
        return generator;
    }

    /** The discriminator D being trained. */
    public Layer discriminator() {
        return discriminator;
    }

    /** The optimiser of G's parameters. */
    public Optimizer generatorOptimizer() {
        return generatorOptimizer;
    }

    /** The optimiser of D's parameters. */
    public Optimizer discriminatorOptimizer() {
        return discriminatorOptimizer;
    }

    /** The length of each noise vector G takes. */
    public int latentDim() {
        return latentDim;
    }

    /** Whether G and D take the batch's labels as a second input. */
    public boolean conditional() {
        return conditional;
    }

    /** The losses recorded so far (live: it grows as fit runs; a resumed fit starts from the restored one). */
    public GanHistory history() {
        return history;
    }

    /**
     * One training step on a batch of real images [N, C, H, W] (and their INT64 labels [N] for a
     * conditional GAN, else null), as the {@link #schedule()} says: by default both gradients, then both
     * optimiser steps.
     */
    public StepLosses step(Tensor realImages, Tensor labels) {
        if (conditional && labels == null) throw new IllegalArgumentException("GanTrainer.step: a conditional GAN needs the batch's labels");
        if (schedule == GanSchedule.KERAS_HALF_BATCHES) return HalfBatchStep.step(this, realImages, labels, classes, random);
        int batch = realImages.size(0);
        Variable condition = conditional ? new Variable(labels, false) : null;
        Variable noise = new Variable(Tensor.randn(random, batch, latentDim).to(realImages.device()), false); // drawn on the host, then where the images are
        generatorOptimizer.zeroGrad();
        discriminatorOptimizer.zeroGrad();

        // 1. the generator's loss: its images should be scored real; D is frozen, so only G's parameters get gradients
        Variable fake = run(generator, noise, condition);
        double generatorLoss;
        List<Boolean> discriminatorTrainable = freeze(discriminator);
        try {
            Variable fakeLogits = run(discriminator, fake, condition);
            Variable loss = bce.compute(fakeLogits, fakeLogits.data().onesLike());
            loss.backward();
            generatorLoss = loss.data().item();
        } finally {
            unfreeze(discriminator, discriminatorTrainable);
        }

        // 2. the discriminator's loss: real images are real, the same fakes (detached from G) are fake
        Variable realLogits = run(discriminator, new Variable(realImages, false), condition);
        Variable fakeLogits = run(discriminator, fake.detach(), condition);
        Variable loss = bce.compute(realLogits, realLogits.data().onesLike()).add(bce.compute(fakeLogits, fakeLogits.data().zerosLike()));
        loss.backward();
        double discriminatorLoss = loss.data().item();

        // 3. both updates, each from the gradients of its own network
        generatorOptimizer.step();
        discriminatorOptimizer.step();
        return new StepLosses(generatorLoss, discriminatorLoss);
    }

    /** Trains for {@code epochs} passes over {@code batches} (input: images; target: labels, used when conditional). */
    public GanHistory fit(Iterable<Batch> batches, int epochs) {
        return fit(batches, epochs, null);
    }

    /**
     * Like {@link #fit(Iterable, int)}, but first restores both networks, both optimisers, the tracked
     * generators and the history from a {@link GanTrainingCheckpoint} (when {@code resumeFrom} is not null)
     * and goes on from the epoch after the saved one, up to {@code epochs} in total. The returned history
     * holds the restored epochs too (it replaces the trainer's history).
     */
    public GanHistory fit(Iterable<Batch> batches, int epochs, Path resumeFrom) {
        // the count first: a DataLoader's spliterator draws an epoch's order, which the restore below then overwrites
        long steps = batches.spliterator().getExactSizeIfKnown();
        int first = 0;
        if (resumeFrom != null) {
            try {
                history = GanTrainingCheckpoint.restore(resumeFrom, this);
            } catch (IOException e) {
                throw new UncheckedIOException("GanTrainer.fit: cannot resume from " + resumeFrom, e);
            }
            first = history.epochs();
            if (verbose) out.println("Resuming from " + resumeFrom + " after epoch " + first + "/" + epochs);
        }
        for (int epoch = first; epoch < epochs; epoch++) {
            generator.train();
            discriminator.train();
            long start = System.nanoTime();
            double generatorSum = 0, discriminatorSum = 0;
            int count = 0;
            try (ProgressDisplay progress = verbose ? ProgressDisplay.console("Epoch " + (epoch + 1) + "/" + epochs, steps, out) : ProgressDisplay.NONE) {
                for (Batch batch : batches) {
                    StepLosses losses = step(batch.inputs(), conditional ? batch.targets() : null);
                    if (!Double.isFinite(losses.generator()) || !Double.isFinite(losses.discriminator())) {
                        throw new IllegalStateException("GanTrainer.fit: a loss became non-finite at epoch " + (epoch + 1) + ", step " + (count + 1) + " (" + losses
                                + "); lower the learning rates or run inside Anomaly.enable() to find the op that first produced it");
                    }
                    history.recordStep(losses.generator(), losses.discriminator());
                    generatorSum += losses.generator();
                    discriminatorSum += losses.discriminator();
                    count++;
                    progress.step(String.format(Locale.ROOT, "gen_loss: %.4f - disc_loss: %.4f", generatorSum / count, discriminatorSum / count));
                }
            }
            if (count == 0) throw new IllegalArgumentException("GanTrainer.fit: no batches");
            history.recordEpoch(generatorSum / count, discriminatorSum / count);
            if (verbose) {
                out.printf(Locale.ROOT, "Epoch %d/%d - %.1f s - gen_loss: %.4f - disc_loss: %.4f%n", epoch + 1, epochs,
                        (System.nanoTime() - start) / 1e9, generatorSum / count, discriminatorSum / count);
            }
            for (GanCallback callback : callbacks) callback.onEpochEnd(this, epoch, history);
        }
        return history;
    }

    /**
     * Images from the generator in evaluation mode (BatchNorm with its running statistics, as the
     * course's {@code generator(seed, training=False)}), without gradients; {@code labels} null unless conditional.
     */
    public Tensor generate(Tensor noise, Tensor labels) {
        boolean wasTraining = generator.isTraining();
        generator.eval();
        try (var noGrad = Grad.disabled()) {
            return run(generator, new Variable(noise, false), conditional ? new Variable(labels, false) : null).data();
        } finally {
            generator.setTraining(wasTraining);
        }
    }

    /** Noise vectors [n, latentDim] from this trainer's random source. */
    public Tensor noise(int n) {
        return Tensor.randn(random, n, latentDim);
    }

    static Variable run(Layer network, Variable input, Variable condition) {
        return condition == null ? network.forward(input) : network.forward(input, condition);
    }

    /** Sets every parameter of {@code network} to requiresGrad false and returns the previous flags. */
    static List<Boolean> freeze(Layer network) {
        List<Boolean> before = new ArrayList<>();
        for (Variable p : network.parameters()) {
            before.add(p.requiresGrad());
            p.setRequiresGrad(false);
        }
        return before;
    }

    static void unfreeze(Layer network, List<Boolean> before) {
        List<Variable> params = network.parameters();
        for (int i = 0; i < params.size(); i++) params.get(i).setRequiresGrad(before.get(i));
    }

    /** An optimiser that also held the other network's parameters would let one loss update both networks. */
    private static void requireOwnParameters(String role, Optimizer optimizer, Layer own, Layer other) {
        Set<Variable> ownParams = Collections.newSetFromMap(new IdentityHashMap<>());
        ownParams.addAll(own.parameters());
        Set<Variable> otherParams = Collections.newSetFromMap(new IdentityHashMap<>());
        otherParams.addAll(other.parameters());
        for (ParamGroup group : optimizer.paramGroups()) {
            for (Variable p : group.params()) {
                if (!ownParams.contains(p)) {
                    throw new IllegalArgumentException("GanTrainer: the " + role + "'s optimiser holds a parameter of shape " + p.data().shape()
                            + (otherParams.contains(p) ? " that belongs to the other network" : " that is not the " + role + "'s")
                            + "; give each optimiser only its own network's parameters()");
                }
            }
        }
    }
}
