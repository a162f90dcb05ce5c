package dev.tensorj.examples;

import dev.tensorj.datasets.Cifar10;
import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.FashionMnist;
import dev.tensorj.datasets.Mnist;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.datasets.Transform;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.TwoInputModel;
import dev.tensorj.nn.models.ConditionalGan;
import dev.tensorj.nn.models.Dcgan;
import dev.tensorj.nn.gan.GanCheckpoint;
import dev.tensorj.nn.gan.GanHistory;
import dev.tensorj.nn.gan.GanSchedule;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.gan.GanTrainingCheckpoint;
import dev.tensorj.plot.SampleGrid;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.plot.LossPlot;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The course's GANs, runnable as {@code tensorj train dcgan-mnist | dcgan-cifar10 | cgan-fashion-notebook | cgan-fashion}:
 * <ul>
 *   <li>DCGAN on MNIST: TensorFlow's tutorial ({@link Dcgan}, 7x7x256 → 28x28x1), Adam 1e-4 for both
 *       networks, noise of 100, a fixed seed of 16 noise vectors drawn as a 4x4 grid after every epoch;</li>
 *   <li>DCGAN on CIFAR-10: the same with 8x8x256 → 32x32x3 (on the staged 4,000-image subset, or with
 *       {@code -Dtensorj.cifar10=full} the full training set);</li>
 *   <li>conditional GAN on Fashion-MNIST, the notebook's networks ({@link ConditionalGan#generator(int, int, Generator)},
 *       Adam 2e-4 with beta1 0.5, {@code cgan-fashion-notebook}): the grids have one row per class;
 *       {@code cgan-fashion} runs the earlier variant on the DCGAN trunk.</li>
 * </ul>
 * Each run writes {@code samples_epoch_NNN.png} per epoch, {@code final.png}, {@code losses.png} and
 * generator/discriminator checkpoints every {@code checkpointEvery} epochs into the output folder, then
 * scores the generator with {@link GanScore} (MNIST and Fashion-MNIST: a C1 classifier trained as its exercise
 * trains it, {@value #JUDGE_EPOCHS} epochs, on the real images labels 1,000 generated ones after every epoch). With a
 * checkpoint file the run saves itself after every epoch ({@link GanTrainingCheckpoint}) and resumes from it when it
 * exists.
 *
 * <p>What the runs gave (per-epoch judge tables, grids, losses, the settings and machine of each) is written down
 * beside their figures, not here: {@code docs/images/dcgan-mnist/}, {@code dcgan-cifar10/}, {@code cgan-fashion/}
 * (the DCGAN-trunk variant) and {@code cgan-fashion-notebook/}, each with a README. The last one also records why the
 * notebook's cGAN trains with Keras' half-batch loop ({@link GanSchedule#KERAS_HALF_BATCHES}): with simultaneous
 * updates its discriminator won within about 40 steps and the generator drew all-black images.
 */
public final class GanExercise {
    /** {@code CGAN_FASHION}: the notebook's cGAN; {@code CGAN_FASHION_DCGAN}: the earlier variant on the DCGAN trunk. */
    public enum Kind { DCGAN_MNIST, DCGAN_CIFAR10, CGAN_FASHION, CGAN_FASHION_DCGAN }

    /** Noise length of all three (the course's 100). */
    public static final int LATENT_DIM = 100;

    /** Pixels 0..255 to the generator's tanh range [-1, 1]. */
    public static final Transform TO_SIGNED_RANGE = batch -> batch.mul(2 / 255.0).sub(1);

    /**
     * @param score           null for CIFAR-10 (no classifier of ours for it)
     * @param secondsPerStep  mean wall time of one training step (with the epoch's callbacks)
     */
    public record Result(GanHistory history, GanScore.Score score, double secondsPerStep) {
    }

    /** Epochs of the judge's training: the course's C1, as its exercise trains it ({@code tensorj train c1}: 20 epochs, batch 64). */
    public static final int JUDGE_EPOCHS = 20;

    /**
     * What a run needs; {@code limit} trains on the first N images (0: all), {@code width} is the cGAN's channel
     * count, {@code judgeEpochs} trains the judge (0: no judge), {@code checkpoint} (may be null) is the file the run
     * saves itself to after every epoch and resumes from when it exists.
     */
    public record Config(Kind kind, int epochs, int batchSize, long seed, int limit, int width, int checkpointEvery, int judgeEpochs, Path checkpoint,
                         Path outputDir) {
        public static Config defaults(Kind kind, Path outputDir) {
            return new Config(kind, 50, 256, 42, 0, 256, 15, JUDGE_EPOCHS, null, outputDir);
        }

        /** The notebook's cGAN settings: 100 epochs of batch 128 (D trains on half of it, see {@link GanSchedule#KERAS_HALF_BATCHES}). */
        public static Config notebookCgan(Path outputDir) {
            return new Config(Kind.CGAN_FASHION, 100, 128, 42, 0, 256, 15, JUDGE_EPOCHS, null, outputDir);
        }

        /**
         * For {@code tensorj train dcgan-mnist | dcgan-cifar10 | cgan-fashion}: the course's epochs unless
         * given (the tutorial's 50), its batch size of 256 unless given.
         */
        static Config fromCommandLine(String model, Integer epochs, Integer batchSize, long seed, int limit, Path checkpoint, Path outputDir) {
            Kind kind = switch (model) {
                case "dcgan-mnist" -> Kind.DCGAN_MNIST;
                case "dcgan-cifar10" -> Kind.DCGAN_CIFAR10;
                case "cgan-fashion" -> Kind.CGAN_FASHION_DCGAN; // the DCGAN-trunk variant
                case "cgan-fashion-notebook" -> Kind.CGAN_FASHION;
                default -> throw new IllegalArgumentException("GanExercise: unknown GAN '" + model + "'");
            };
            Config d = kind == Kind.CGAN_FASHION ? notebookCgan(outputDir) : defaults(kind, outputDir);
            return new Config(kind, epochs != null ? epochs : d.epochs(), batchSize != null ? batchSize : d.batchSize(), seed, limit, d.width(),
                    d.checkpointEvery(), d.judgeEpochs(), checkpoint, outputDir);
        }
    }

    private GanExercise() {
    }

    public static Result run(Config c, PrintStream out, boolean verbose) throws IOException {
        TensorDataset train = Loaders.first(trainingImages(c.kind()), c.limit()).withInputs(TO_SIGNED_RANGE);
        Path resumeFrom = c.checkpoint() != null && Files.isRegularFile(c.checkpoint()) ? c.checkpoint() : null;
        GanTrainingCheckpoint.Progress done = resumeFrom == null ? new GanTrainingCheckpoint.Progress(0, 0) : GanTrainingCheckpoint.progress(resumeFrom);
        if (done.epochs() >= c.epochs()) {
            throw new IllegalArgumentException("GanExercise: the checkpoint " + resumeFrom + " already holds " + done.epochs() + " epochs, and this run asks for "
                    + c.epochs() + "; give more --epochs to go on, or a new --checkpoint file to start afresh");
        }
        boolean judged = c.kind() != Kind.DCGAN_CIFAR10 && c.judgeEpochs() > 0;
        List<GanJudge.Judged> earlierScores = judged ? GanJudge.earlierRows(c.outputDir().resolve("judge.csv"), done.epochs()) : List.of();
        Layer classifier = null;
        double judgeAccuracy = Double.NaN;
        if (judged) { // the judge first, so that every epoch can be scored
            TensorDataset real = trainingImages(c.kind()).withInputs(TO_SIGNED_RANGE);
            TensorDataset test = (c.kind() == Kind.DCGAN_MNIST ? Mnist.test() : FashionMnist.test()).withInputs(TO_SIGNED_RANGE);
            if (verbose) out.printf(Locale.ROOT, "The judge: training the C1 classifier for %d epoch(s) on the real images%n", c.judgeEpochs());
            classifier = GanScore.trainClassifier(real, c.judgeEpochs(), 64, c.seed(), out, verbose);
            judgeAccuracy = GanScore.accuracy(classifier, test);
            out.printf(Locale.ROOT, "classifier test accuracy on real images: %.2f %%%n", 100 * judgeAccuracy);
        }
        Generator.seedGlobal(c.seed()); // after the judge: the GAN's run is the same with or without it
        Generator init = new Generator(c.seed());
        boolean conditional = c.kind() == Kind.CGAN_FASHION || c.kind() == Kind.CGAN_FASHION_DCGAN;
        Layer generator, discriminator;
        Optimizer generatorOptimizer, discriminatorOptimizer;
        if (conditional) {
            boolean notebook = c.kind() == Kind.CGAN_FASHION;
            TwoInputModel g = notebook ? ConditionalGan.generator(LATENT_DIM, 10, init) : ConditionalGan.generator(LATENT_DIM, 10, c.width(), init);
            TwoInputModel d = notebook ? ConditionalGan.discriminator(10, init) : ConditionalGan.discriminator(10, c.width(), init);
            if (verbose) {
                out.println("Generator\n" + g.summary(Tensor.zeros(1, LATENT_DIM), Tensor.zeros(DType.INT64, 1)));
                out.println("Discriminator\n" + d.summary(Tensor.zeros(1, 1, 28, 28), Tensor.zeros(DType.INT64, 1)));
            }
            generator = g;
            discriminator = d;
            generatorOptimizer = new Adam(g.parameters(), ConditionalGan.LEARNING_RATE, ConditionalGan.BETA1, 0.999, 1e-8, 0, false);
            discriminatorOptimizer = new Adam(d.parameters(), ConditionalGan.LEARNING_RATE, ConditionalGan.BETA1, 0.999, 1e-8, 0, false);
        } else {
            int start = c.kind() == Kind.DCGAN_MNIST ? 7 : 8, channels = c.kind() == Kind.DCGAN_MNIST ? 1 : 3;
            Sequential g = Dcgan.generator(LATENT_DIM, start, channels, init), d = Dcgan.discriminator(start, channels, init);
            if (verbose) {
                out.println("Generator\n" + g.summary(LATENT_DIM));
                out.println("Discriminator\n" + d.summary(channels, 4 * start, 4 * start));
            }
            generator = g;
            discriminator = d;
            generatorOptimizer = new Adam(g.parameters(), 1e-4);
            discriminatorOptimizer = new Adam(d.parameters(), 1e-4);
        }
        GanTrainer trainer = new GanTrainer(generator, discriminator, generatorOptimizer, discriminatorOptimizer, LATENT_DIM, conditional,
                new Generator(c.seed() + 1)).verbose(verbose).printTo(out);
        if (c.kind() == Kind.CGAN_FASHION) trainer.schedule(GanSchedule.KERAS_HALF_BATCHES, 10); // the notebook's train_on_batch loop
        Path dir = c.outputDir();
        SampleGrid progress = conditional
                ? SampleGrid.onePerClassRow(trainer, 10, 10, 2, dir, "samples")
                : new SampleGrid(trainer.noise(16), null, 4, 4, dir, "samples"); // the tutorial's seed of 16 vectors
        trainer.addCallback(progress);
        if (c.checkpointEvery() > 0) trainer.addCallback(new GanCheckpoint(dir.resolve("checkpoints"), c.checkpointEvery()));
        GanJudge judge = classifier == null ? null : new GanJudge(classifier, 1000, dir.resolve("judge.csv"), earlierScores, out);
        if (judge != null) trainer.addCallback(judge);
        DataLoader loader = Loaders.loader(train, c.batchSize(), true, c.seed());
        // what a resumed run must find as it was: the loader's order, Dropout's masks (drawn from init), the noise and the global generator (tracked by the trainer)
        trainer.trackGenerator("shuffle", loader.shuffleGenerator()).trackGenerator("init", init);
        if (c.checkpoint() != null) trainer.addCallback(new GanTrainingCheckpoint(c.checkpoint())); // last: after the judge's draws from the noise generator

        String name = c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        Layer g = generator;
        var tensorBoard = TensorBoardRuns.gan(name, progress, TensorBoardRuns.settings("model", name, "epochs", c.epochs(), "batch_size", c.batchSize(),
                "seed", c.seed(), "train_limit", c.limit(), "latent_dim", LATENT_DIM), () -> g.toString());
        if (tensorBoard != null) trainer.addCallback(tensorBoard);

        long start = System.nanoTime();
        GanHistory history;
        try {
            history = trainer.fit(loader, c.epochs(), resumeFrom);
        } finally {
            if (tensorBoard != null) tensorBoard.close();
        }
        double secondsPerStep = (System.nanoTime() - start) / 1e9 / (history.generatorLossPerStep().size() - done.steps()); // this session's steps

        SampleGrid finalGrid = conditional
                ? SampleGrid.onePerClassRow(trainer, 10, 10, 2, dir, "final")
                : new SampleGrid(trainer.noise(64), null, 8, 2, dir, "final");
        finalGrid.save(trainer, dir.resolve("final.png"));
        LossPlot.save(history.perStep(), "step", c.kind() + ": generator and discriminator loss", dir.resolve("losses.png"));
        out.printf(Locale.ROOT, "%s: %d steps, %.2f s per step (batch %d)%n", c.kind(), history.generatorLossPerStep().size(), secondsPerStep, c.batchSize());

        GanScore.Score score = judge == null || judge.scores().isEmpty() ? null : judge.scores().getLast();
        if (score != null) out.println("generated images: " + score);
        writeReport(c, generator, history, judge, judgeAccuracy, secondsPerStep);
        boolean checkpointed = c.checkpointEvery() > 0 && c.epochs() >= c.checkpointEvery();
        out.println("samples, final grid, loss plot" + (checkpointed ? " and checkpoints" : "") + " written to " + dir.toAbsolutePath());
        return new Result(history, score, secondsPerStep);
    }

    /** The run's {@code report.md}: settings, the generator's summary, the losses, the classifier's judgement and the grids. */
    private static void writeReport(Config c, Layer generator, GanHistory history, GanJudge judge, double judgeAccuracy, double secondsPerStep) throws java.io.IOException {
        GanScore.Score score = judge == null || judge.scores().isEmpty() ? null : judge.scores().getLast();
        String nk = MethodologyReport.NOT_KNOWN;
        int steps = history.generatorLossPerStep().size();
        RunReport report = new RunReport(c.kind().toString(), String.format(Locale.ROOT,
                "%d epochs, batch %d, seed %d, %s training images, %s for both networks, latent dimension %d%s.",
                c.epochs(), c.batchSize(), c.seed(), c.limit() > 0 ? String.valueOf(c.limit()) : "all",
                c.kind() == Kind.CGAN_FASHION || c.kind() == Kind.CGAN_FASHION_DCGAN ? "Adam lr 2e-4 beta1 0.5" : "Adam lr 1e-4", LATENT_DIM,
                c.kind() == Kind.CGAN_FASHION ? ", the notebook's loop (D on half a batch of real images, then on half a batch of fakes, then G on a full batch)" : ""))
                .summary(generator.toString())
                .figure("steps", String.valueOf(steps), nk)
                .figure("final generator / discriminator loss (mean of the last epoch)", String.format(Locale.ROOT, "%.4f / %.4f",
                        history.generatorLossPerEpoch().getLast(), history.discriminatorLossPerEpoch().getLast()), nk)
                .figure("seconds per step", String.format(Locale.ROOT, "%.2f", secondsPerStep), "not comparable (another machine)");
        if (score != null) {
            report.figure("C1 judge: share of 1,000 samples classified with confidence > " + GanScore.CONFIDENT, String.format(Locale.ROOT, "%.1f %%", 100 * score.confidentShare()), nk)
                    .figure("C1 judge: largest share of one class", String.format(Locale.ROOT, "%.1f %%", 100 * score.largestClassShare()), nk);
            if (!Double.isNaN(score.classAccuracy())) {
                report.figure("C1 judge: samples classified as the requested class", String.format(Locale.ROOT, "%.1f %%", 100 * score.classAccuracy()), nk);
            }
            report.paragraph(String.format(Locale.ROOT, "The judge is the course's C1 trained for %d epoch(s) on the real images (%.2f %% on the real test images); "
                    + "a GAN that draws every class well scores high ", c.judgeEpochs(), 100 * judgeAccuracy)
                    + "on confidence and spreads its samples over the classes (about 10 % each). After each epoch (`judge.csv`):");
            report.paragraph(judge.table());
        }
        List<String> pictures = new java.util.ArrayList<>(List.of("final.png", "losses.png"));
        for (int epoch = 1; epoch <= c.epochs(); epoch++) pictures.add(String.format(Locale.ROOT, "samples_epoch_%03d.png", epoch));
        report.write(c.outputDir(), pictures.toArray(String[]::new));
    }

    /** Generates n images (for a conditional GAN: n / 10 of each class) and scores them. */
    public static GanScore.Score scoreGenerator(GanTrainer trainer, Layer classifier, int n) {
        Tensor labels = null;
        if (trainer.conditional()) {
            long[] requested = new long[n];
            for (int i = 0; i < n; i++) requested[i] = i % 10;
            labels = Tensor.ofLongs(requested);
        }
        return GanScore.score(classifier, trainer.generate(trainer.noise(n), labels), labels);
    }

    static TensorDataset trainingImages(Kind kind) {
        return switch (kind) {
            case DCGAN_MNIST -> Mnist.train();
            case CGAN_FASHION, CGAN_FASHION_DCGAN -> FashionMnist.train();
            case DCGAN_CIFAR10 -> cifar10();
        };
    }

    /**
     * The staged subset of 4,000 CIFAR-10 images, or, with {@code -Dtensorj.cifar10=full}, the 50,000
     * of the official archive (found locally or downloaded).
     */
    private static TensorDataset cifar10() {
        return "full".equals(System.getProperty("tensorj.cifar10")) ? Cifar10.train() : Cifar10.subset();
    }
}
