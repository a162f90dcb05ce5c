package dev.tensorj.examples;

import dev.tensorj.autograd.Grad;
import dev.tensorj.autograd.Variable;
import dev.tensorj.datasets.DataLoader;
import dev.tensorj.datasets.Imdb;
import dev.tensorj.datasets.ImdbReviews;
import dev.tensorj.datasets.Split;
import dev.tensorj.datasets.Splits;
import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.layers.Activation;
import dev.tensorj.nn.layers.Conv1d;
import dev.tensorj.nn.layers.Dropout;
import dev.tensorj.nn.layers.Embedding;
import dev.tensorj.nn.layers.LSTM;
import dev.tensorj.nn.layers.Linear;
import dev.tensorj.nn.layers.Permute;
import dev.tensorj.nn.layers.Pooling;
import dev.tensorj.nn.loss.Losses;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.nn.optim.RMSprop;
import dev.tensorj.nn.optim.ReduceLROnPlateau;
import dev.tensorj.plot.LearningCurves;
import dev.tensorj.nn.train.Callback;
import dev.tensorj.nn.train.EarlyStopping;
import dev.tensorj.nn.train.History;
import dev.tensorj.nn.train.LrSchedulerCallback;
import dev.tensorj.nn.train.Metric;
import dev.tensorj.nn.train.Trainer;
import dev.tensorj.tensor.DType;
import dev.tensorj.tensor.Generator;
import dev.tensorj.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The course's IMDB sentiment exercises (reviews as word indices, 1 = positive):
 * <ul>
 *   <li>{@link Model#LSTM}: Embedding(20000, 32) → LSTM(32) → Dense(1, sigmoid); reviews cut to the last
 *       80 words; RMSprop, batch 32 — the course reports about 80 % test accuracy.</li>
 *   <li>{@link Model#LSTM_DROPOUT}: the same with Dropout(0.4) before and after the LSTM.</li>
 *   <li>{@link Model#CNN_LSTM}: Embedding → Dropout(0.25) → Conv1D(64, 5, relu) → MaxPooling1D(4) →
 *       LSTM(70) → Dense(1) (Keras' imdb_cnn_lstm), 100 words.</li>
 *   <li>{@link Model#CNN_LSTM_TUNED}: the tuned version: more of each review (200 words), Dropout 0.3,
 *       a dense head (Dense(32, relu), Dropout 0.3), batch 512, Adam, ReduceLROnPlateau on the
 *       validation loss (factor 0.5, patience 1) and EarlyStopping (patience 3, best weights restored).</li>
 * </ul>
 * Every run holds out 20 % of the training reviews (shuffled with the seed) for validation, as Keras'
 * {@code validation_split} does after a shuffle. The sigmoid is folded into the loss (binary
 * cross-entropy from logits); the model outputs one logit per review. Reviews are padded and cut at
 * the front, Keras' default, so the LSTM's last step is the review's last word.
 */
public final class ImdbExercise {
    public enum Model { LSTM, LSTM_DROPOUT, CNN_LSTM, CNN_LSTM_TUNED }

    /** The course's settings for a model: vocabulary, words per review, batch size, epochs, optimiser. */
    public record Settings(int maxFeatures, int maxLen, int batchSize, int epochs, boolean adam) {
        static Settings of(Model model) {
            return switch (model) {
                case LSTM, LSTM_DROPOUT -> new Settings(20_000, 80, 32, 15, false); // the notebook's 15 epochs
                case CNN_LSTM -> new Settings(20_000, 100, 32, 3, false);
                case CNN_LSTM_TUNED -> new Settings(20_000, 200, 512, 20, true);
            };
        }
    }

    public record Result(History history, double testLoss, double testAccuracy, double secondsPerEpoch) {
    }

    private ImdbExercise() {
    }

    public static Layer model(Model which, int maxFeatures, Generator g) {
        return switch (which) {
            case LSTM -> new Sequential(Embedding.keras(maxFeatures, 32, g), LSTM.keras(32, 32, g), Linear.glorot(32, 1, true, g));
            case LSTM_DROPOUT -> new Sequential(Embedding.keras(maxFeatures, 32, g), new Dropout(0.4, g), LSTM.keras(32, 32, g),
                    new Dropout(0.4, g), Linear.glorot(32, 1, true, g));
            case CNN_LSTM -> cnnLstm(maxFeatures, 0.25, false, g);
            case CNN_LSTM_TUNED -> cnnLstm(maxFeatures, 0.3, true, g);
        };
    }

    /** Embedding [B, T, 32] → Conv1d over time (as [B, 32, T]) → max pool 4 → LSTM(70) over [B, T', 64] → head. */
    private static Layer cnnLstm(int maxFeatures, double dropout, boolean denseHead, Generator g) {
        List<Layer> layers = new ArrayList<>(List.of(Embedding.keras(maxFeatures, 32, g), new Dropout(dropout, g),
                new Permute(0, 2, 1), new Conv1d(32, 64, 5, 1, 0, 1, true, g), Activation.relu(), Pooling.maxPool1d(4),
                new Permute(0, 2, 1), LSTM.keras(64, 70, g)));
        if (denseHead) {
            layers.addAll(List.of(Linear.glorot(70, 32, true, g), Activation.relu(), new Dropout(dropout, g), Linear.glorot(32, 1, true, g)));
        } else {
            layers.add(Linear.glorot(70, 1, true, g));
        }
        return new Sequential(layers.toArray(Layer[]::new));
    }

    /**
     * Trains one model and evaluates it on the 25,000 test reviews; null epochs or batch size take the
     * course's; {@code trainLimit} &gt; 0 uses only that many training reviews. With {@code outputDir},
     * writes the learning curves as PNG.
     */
    public static Result run(Model which, Integer epochs, Integer batchSize, long seed, int trainLimit, Path outputDir, PrintStream out, boolean verbose)
            throws IOException {
        Settings s = Settings.of(which);
        int epochCount = epochs != null ? epochs : s.epochs(), batch = batchSize != null ? batchSize : s.batchSize();
        Imdb imdb = Imdb.load();
        TensorDataset all = binary(imdb.train().limitWords(s.maxFeatures()).toDataset(s.maxLen()));
        ImdbReviews testReviews = imdb.test().limitWords(s.maxFeatures());
        TensorDataset test = binary(testReviews.toDataset(s.maxLen()));
        // the archive lists negative reviews first: a smaller run takes a random share, not the first ones
        dev.tensorj.datasets.Dataset train = trainLimit > 0 && trainLimit < all.size()
                ? Splits.trainValSplit(all, 1 - (double) trainLimit / all.size(), seed + 1).train() : all;
        Split split = Splits.trainValSplit(train, 0.2, seed);

        Generator.seedGlobal(seed);
        Generator g = new Generator(seed);
        Layer model = model(which, s.maxFeatures(), g);
        Optimizer optimizer = s.adam() ? new Adam(model.parameters(), 0.001, 0.9, 0.999, 1e-7, 0, false) : RMSprop.keras(model.parameters());
        if (verbose) out.println(model.summary(s.maxLen()));

        List<Callback> callbacks = new ArrayList<>();
        if (which == Model.CNN_LSTM_TUNED) {
            callbacks.add(new LrSchedulerCallback(new ReduceLROnPlateau(optimizer, ReduceLROnPlateau.Mode.MIN, 0.5, 1, 1e-4, 0, 1e-5), "val_loss"));
            callbacks.add(new EarlyStopping("val_loss", 3, 1e-4, true));
        }
        Trainer trainer = new Trainer(model, optimizer, Losses.bceWithLogits(), Metric.binaryAccuracyFromLogits()).verbose(verbose).printTo(out);
        DataLoader trainLoader = Loaders.loader(split.train(), batch, true, seed);
        DataLoader valLoader = Loaders.loader(split.validation(), 1000, false, seed);
        long start = System.nanoTime();
        String name = "imdb-" + which.name().toLowerCase(Locale.ROOT).replace('_', '-');
        Callback[] withTensorBoard = TensorBoardRuns.plain(name, TensorBoardRuns.settings("model", name, "epochs", epochCount, "batch_size", batch, "seed", seed,
                "train_limit", trainLimit, "optimizer", optimizer.getClass().getSimpleName()), () -> model.summary(s.maxLen()), callbacks.toArray(Callback[]::new));
        History history = trainer.fit(trainLoader, epochCount, valLoader, withTensorBoard);
        double secondsPerEpoch = (System.nanoTime() - start) / 1e9 / Math.max(1, history.epochs());

        var testMetrics = trainer.evaluate(Loaders.loader(test, 1000, false, seed));
        out.printf(Locale.ROOT, "%s: test loss %.4f, test accuracy %.2f %% (%.1f s per epoch incl. validation)%n",
                which, testMetrics.get("loss"), 100 * testMetrics.get("accuracy"), secondsPerEpoch);
        if (verbose) showReview(imdb, testReviews, test, model, out);
        if (outputDir != null) {
            LearningCurves.save(history.asMap(), outputDir, "IMDB " + which.name().toLowerCase(Locale.ROOT).replace('_', '-') + ": ");
            String nk = MethodologyReport.NOT_KNOWN;
            new RunReport("IMDB sentiment: " + name, String.format(Locale.ROOT,
                    "%s, batch %d, %d epochs (%d run), vocabulary %,d, %d words per review, seed %d, %s training reviews, 20 %% of them held out for validation.",
                    optimizer.getClass().getSimpleName(), batch, epochCount, history.epochs(), s.maxFeatures(), s.maxLen(), seed,
                    trainLimit > 0 ? String.format(Locale.ROOT, "%,d", train.size()) : "all 25,000"))
                    .summary(model.summary(s.maxLen()))
                    .figure("final training accuracy", String.format(Locale.ROOT, "%.2f %%", 100 * history.last("accuracy")), nk)
                    .figure("final validation accuracy", String.format(Locale.ROOT, "%.2f %%", 100 * history.last("val_accuracy")), nk)
                    .figure("test accuracy (25,000 reviews)", String.format(Locale.ROOT, "%.2f %%", 100 * testMetrics.get("accuracy")),
                            which == Model.LSTM ? "about 80 % (the course's text)" : nk)
                    .figure("test loss", String.format(Locale.ROOT, "%.4f", testMetrics.get("loss")), nk)
                    .figure("seconds per epoch (with validation)", String.format(Locale.ROOT, "%.1f", secondsPerEpoch), "not comparable (another machine)")
                    .write(outputDir, "loss.png", "accuracy.png");
            out.println("plots and report.md written to " + outputDir.toAbsolutePath());
        }
        return new Result(history, testMetrics.get("loss"), testMetrics.get("accuracy"), secondsPerEpoch);
    }

    /** Labels as float [N, 1] for binary cross-entropy against one logit. */
    static TensorDataset binary(TensorDataset data) {
        return new TensorDataset(data.inputs(), data.targets().to(DType.FLOAT32).reshape(-1, 1), data.classNames());
    }

    /** For teaching: one test review as words, with the model's probability that it is positive. */
    private static void showReview(Imdb imdb, ImdbReviews reviews, TensorDataset test, Layer model, PrintStream out) {
        int index = 12_500; // the first positive review of the test set (the archive lists negatives first)
        model.eval();
        double p;
        try (var noGrad = Grad.disabled()) {
            p = model.forward(new Variable(test.inputs().narrow(0, index, 1), false)).sigmoid().data().item();
        }
        String text = imdb.decode(reviews.sequences()[index]);
        out.printf(Locale.ROOT, "review %d (%s): %s%n  → P(positive) = %.3f, predicted %s%n", index,
                reviews.labels()[index] == 1 ? "positive" : "negative", text.length() > 600 ? text.substring(0, 600) + " ..." : text,
                p, p >= 0.5 ? "positive" : "negative");
    }
}
