package dev.tensorj.examples;

import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.Dataset;
import dev.tensorj.datasets.Imdb;
import dev.tensorj.datasets.Split;
import dev.tensorj.datasets.Splits;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.optim.RMSprop;
import dev.tensorj.nn.optim.ReduceLROnPlateau;
import dev.tensorj.nn.optim.SGD;
import dev.tensorj.nn.train.Callback;
import dev.tensorj.nn.train.EarlyStopping;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.LrSchedulerCallback;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.Generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The IMDB tuning notebook's four phases, one after the other, as {@code tensorj train imdb-tuning}: each phase
 * trains the tuned CNN + LSTM ({@link ImdbExercise.Model#CNN_LSTM_TUNED}: 20,000 words, the last 200 words of a
 * review, Embedding 32, Dropout 0.3, Conv1D 64x5, MaxPool 4, LSTM 70, Dense 32 ReLU, Dropout 0.3, Dense 1) from
 * the same seed with the notebook's shared settings ({@link #NOTEBOOK}: 10 % of the training reviews held out
 * for validation, batch 512, ReduceLROnPlateau on the validation loss with factor 0.5 and patience 2,
 * EarlyStopping on the validation loss with patience 3 and the best weights restored, at most 30 epochs) and
 * the optimiser of its phase ({@link #PHASES}). The validation loss chooses the best epoch; the test set (25,000
 * reviews) is evaluated once per phase, at the end, with the best epoch's weights.
 *
 * <p><b>Assumption.</b> The notebook's cells are not available to us: what is known is its shared settings
 * (above) and its four test accuracies, 86.40 / 86.76 / 87.14 / 85.78 %. Which optimiser each phase uses is our
 * reading, kept in {@link #PHASES} only: 1 Adam (the {@code imdb-tuned} model's), 2 RMSprop, 3 AdamW, 4 SGD with
 * momentum, each with Keras' defaults (the notebook is Keras); where the notebook's callbacks are silent, Keras'
 * defaults too (ReduceLROnPlateau min_delta 1e-4, min_lr 0; EarlyStopping min_delta 0).
 */
public final class ImdbTuning {
    /** The settings all phases share, the notebook's. */
    public record Recipe(double validationSplit, int batchSize, double plateauFactor, int plateauPatience, int earlyStoppingPatience,
                         int epochs, int maxFeatures, int maxLen) {
    }

    /** The notebook's shared settings (Dropout 0.3 is the tuned model's own, see {@link ImdbExercise#model}). */
    public static final Recipe NOTEBOOK = new Recipe(0.1, 512, 0.5, 2, 3, 30, 20_000, 200);

    /** One phase: its number, its optimiser (in words and as a factory), and the notebook's test accuracy for it. */
    public record Phase(int number, String optimiser, double notebookTestAccuracy, Function<List<Variable>, Optimizer> optimiserFactory) {
    }

    /** The four phases, in the notebook's order; the optimiser of each is our reading (see the class comment). */
    public static final List<Phase> PHASES = List.of(
            new Phase(1, "Adam lr 0.001", 0.8640, p -> new Adam(p, 0.001, 0.9, 0.999, 1e-7, 0, false)),
            new Phase(2, "RMSprop lr 0.001, rho 0.9", 0.8676, RMSprop::keras),
            new Phase(3, "AdamW lr 0.001, weight decay 0.004", 0.8714, p -> new Adam(p, 0.001, 0.9, 0.999, 1e-7, 0.004, true)),
            new Phase(4, "SGD lr 0.01, momentum 0.9", 0.8578, p -> new SGD(p, 0.01, 0.9, 0, false, 0)));

    /**
     * What to run: {@code epochs}, {@code batchSize}, {@code validationSplit} and {@code patience} (EarlyStopping's)
     * override the notebook's when not null; {@code trainLimit} / {@code testLimit} &gt; 0 take a seeded random share
     * of that many training / test reviews (the archive lists the negative reviews first).
     */
    public record Config(Integer epochs, Integer batchSize, Double validationSplit, Integer patience, long seed, int trainLimit, int testLimit,
                         Path outputDir) {
        int epochCount() {
            return epochs != null ? epochs : NOTEBOOK.epochs();
        }

        int batch() {
            return batchSize != null ? batchSize : NOTEBOOK.batchSize();
        }

        double validation() {
            return validationSplit != null ? validationSplit : NOTEBOOK.validationSplit();
        }

        int earlyStoppingPatience() {
            return patience != null ? patience : NOTEBOOK.earlyStoppingPatience();
        }
    }

    /** One phase's outcome: its history, the best epoch (1-based) on validation, and the test figures. */
    public record PhaseResult(Phase phase, History history, int bestEpoch, double bestValLoss, double bestValAccuracy, double testLoss,
                              double testAccuracy, double secondsPerEpoch) {
        /** Epochs trained before EarlyStopping stopped (or all of them). */
        public int epochsRun() {
            return history.epochs();
        }
    }

    /** The run: a result per phase, and the sizes of the splits. */
    public record Result(List<PhaseResult> phases, int trainSize, int validationSize, int testSize) {
    }

    private ImdbTuning() {
    }

    /** Trains the four phases, prints the phase table and, with an output folder, writes its curves and {@code report.md}. */
    public static Result run(Config config, PrintStream out, boolean verbose) throws IOException {
        Imdb imdb = Imdb.load();
        TensorDataset all = ImdbExercise.binary(imdb.train().limitWords(NOTEBOOK.maxFeatures()).toDataset(NOTEBOOK.maxLen()));
        TensorDataset fullTest = ImdbExercise.binary(imdb.test().limitWords(NOTEBOOK.maxFeatures()).toDataset(NOTEBOOK.maxLen()));
        Dataset train = randomShare(all, config.trainLimit(), config.seed() + 1);
        Dataset test = randomShare(fullTest, config.testLimit(), config.seed() + 2);
        Split split = Splits.trainValSplit(train, config.validation(), config.seed());
        if (split.train().size() == 0 || split.validation().size() == 0) {
            throw new IllegalArgumentException("imdb-tuning: " + train.size() + " training reviews with --validation-split " + config.validation()
                    + " leave " + split.train().size() + " to train on and " + split.validation().size() + " to validate; both need at least one");
        }
        out.printf(Locale.ROOT, "IMDB tuning: %,d reviews to train on, %,d for validation (%.0f %%, seed %d), %,d test reviews; %d words each%n",
                split.train().size(), split.validation().size(), 100 * config.validation(), config.seed(), test.size(), NOTEBOOK.maxLen());
        if (verbose) out.println(ImdbExercise.model(ImdbExercise.Model.CNN_LSTM_TUNED, NOTEBOOK.maxFeatures(), new Generator(config.seed())).summary(NOTEBOOK.maxLen()));

        List<PhaseResult> results = new ArrayList<>();
        for (Phase phase : PHASES) {
            out.printf(Locale.ROOT, "%n== phase %d: %s ==%n", phase.number(), phase.optimiser());
            PhaseResult r = runPhase(phase, config, split, test, out, verbose);
            out.printf(Locale.ROOT, "phase %d: best epoch %d of %d, val accuracy %.2f %%, test accuracy %.2f %% (notebook %.2f %%), %.1f s per epoch%n",
                    phase.number(), r.bestEpoch(), r.epochsRun(), 100 * r.bestValAccuracy(), 100 * r.testAccuracy(),
                    100 * phase.notebookTestAccuracy(), r.secondsPerEpoch());
            results.add(r);
            if (config.outputDir() != null) ImdbTuningReport.writeCurves(r, config.outputDir());
        }
        Result result = new Result(List.copyOf(results), split.train().size(), split.validation().size(), test.size());
        String table = ImdbTuningReport.table(result);
        out.println();
        out.println(table);
        if (config.outputDir() != null) {
            ImdbTuningReport.write(result, config, config.outputDir());
            out.println("report and curves written to " + config.outputDir().toAbsolutePath());
        }
        return result;
    }

    private static PhaseResult runPhase(Phase phase, Config config, Split split, Dataset test, PrintStream out, boolean verbose) {
        Generator.seedGlobal(config.seed());
        Generator g = new Generator(config.seed());
        Layer model = ImdbExercise.model(ImdbExercise.Model.CNN_LSTM_TUNED, NOTEBOOK.maxFeatures(), g);
        Optimizer optimizer = phase.optimiserFactory().apply(model.parameters());
        EarlyStopping earlyStopping = new EarlyStopping("val_loss", config.earlyStoppingPatience(), 0, true);
        Callback plateau = new LrSchedulerCallback(new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Mode.MIN, NOTEBOOK.plateauFactor(),
                NOTEBOOK.plateauPatience(), 1e-4, 0, 0), "val_loss");
        Trainer trainer = new Trainer(model, optimizer, Losses.bceWithLogits(), Metric.binaryAccuracyFromLogits()).verbose(verbose).printTo(out);
        DataLoader trainLoader = Loaders.loader(split.train(), config.batch(), true, config.seed());
        DataLoader valLoader = Loaders.loader(split.validation(), 1000, false, config.seed());
        String name = "imdb-tuning-phase-" + phase.number();
        Callback[] callbacks = TensorBoardRuns.plain(name, TensorBoardRuns.settings("model", name, "optimizer", phase.optimiser(), "epochs", config.epochCount(),
                "batch_size", config.batch(), "validation_split", config.validation(), "patience", config.earlyStoppingPatience(), "seed", config.seed(),
                "train_limit", config.trainLimit()), () -> model.summary(NOTEBOOK.maxLen()), plateau, earlyStopping);
        long start = System.nanoTime();
        History history = trainer.fit(trainLoader, config.epochCount(), valLoader, callbacks);
        double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, history.epochs());
        int best = earlyStopping.bestEpoch(); // 0-based; its weights are back in the model
        if (best < 0) throw new IllegalStateException("imdb-tuning phase " + phase.number() + ": no epoch had a finite validation loss " + history.get("val_loss"));
        var testMetrics = trainer.evaluate(Loaders.loader(test, 1000, false, config.seed())); // the one look at the test set
        return new PhaseResult(phase, history, best + 1, history.get("val_loss").get(best), history.get("val_accuracy").get(best),
                testMetrics.get("loss"), testMetrics.get("accuracy"), secondsPerEpoch);
    }

    /** A seeded random share of {@code limit} examples ({@code limit} &le; 0 or &ge; the size: all of them). */
    static Dataset randomShare(TensorDataset data, int limit, long seed) {
        return limit > 0 && limit < data.size() ? Splits.trainValSplit(data, 1 - (double) limit / data.size(), seed).train() : data;
    }
}
