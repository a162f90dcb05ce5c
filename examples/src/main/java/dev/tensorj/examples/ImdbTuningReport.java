package dev.tensorj.examples;

import dev.tensorj.plot.LearningCurves;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code tensorj train imdb-tuning} shows: the Markdown phase table (our best epoch, validation and test
 * accuracy beside the notebook's test accuracy), each phase's learning curves ({@code phase-N/loss.png},
 * {@code phase-N/accuracy.png}, both side by side in {@code phase-N-curves.png}), and {@code report.md}.
 */
final class ImdbTuningReport {
    private ImdbTuningReport() {
    }

    /** The phase table, in Markdown. */
    static String table(ImdbTuning.Result result) {
        StringBuilder md = new StringBuilder("| phase | settings | epochs run | best epoch | val loss | val accuracy | test accuracy | notebook's test accuracy |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ImdbTuning.PhaseResult r : result.phases()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.4f | %.2f %% | %.2f %% | %.2f %% |%n", r.phase().number(), r.phase().optimiser(),
                    r.epochsRun(), r.bestEpoch(), r.bestValLoss(), 100 * r.bestValAccuracy(), 100 * r.testAccuracy(), 100 * r.phase().notebookTestAccuracy()));
        }
        return md.toString();
    }

    /** One phase's learning curves (training and validation loss and accuracy by epoch). */
    static void writeCurves(ImdbTuning.PhaseResult r, Path dir) throws IOException {
        Path phaseDir = dir.resolve("phase-" + r.phase().number());
        List<Path> panels = LearningCurves.save(r.history().asMap(), phaseDir, "IMDB tuning, phase " + r.phase().number() + " (" + r.phase().optimiser() + "): ");
        SideBySide.save(dir.resolve("phase-" + r.phase().number() + "-curves.png"), panels);
    }

    /** {@code report.md}: the settings, the assumption about the phases, the table and the curves. */
    static void write(ImdbTuning.Result result, ImdbTuning.Config config, Path dir) throws IOException {
        ImdbTuning.Recipe n = ImdbTuning.NOTEBOOK;
        StringBuilder md = new StringBuilder("# IMDB tuning: the notebook's four phases\n\n")
                .append(String.format(Locale.ROOT, "Model: the tuned CNN + LSTM (%,d words, the last %d of each review, Embedding 32, Dropout 0.3, Conv1D 64x5, "
                        + "MaxPool 4, LSTM 70, Dense 32 ReLU, Dropout 0.3, Dense 1), trained anew in each phase from seed %d.%n%n", n.maxFeatures(), n.maxLen(), config.seed()))
                .append(String.format(Locale.ROOT, "Shared settings: %.0f %% of the training reviews held out for validation (%,d to train on, %,d to validate, seeded), "
                                + "batch %d, at most %d epochs, ReduceLROnPlateau on val_loss (factor %.1f, patience %d), EarlyStopping on val_loss (patience %d, "
                                + "best weights restored); the test set (%,d reviews) evaluated once per phase, at the end, with the best epoch's weights.%n%n",
                        100 * config.validation(), result.trainSize(), result.validationSize(), config.batch(), config.epochCount(), n.plateauFactor(),
                        n.plateauPatience(), config.earlyStoppingPatience(), result.testSize()));
        if (config.epochs() != null || config.batchSize() != null || config.validationSplit() != null || config.patience() != null
                || config.trainLimit() > 0 || config.testLimit() > 0) {
            md.append(String.format(Locale.ROOT, "**A shortened run** (the notebook's: %.0f %% validation, batch %d, %d epochs, patience %d, all 25,000 training "
                    + "and test reviews): its figures are not comparable with the notebook's.%n%n", 100 * n.validationSplit(), n.batchSize(), n.epochs(), n.earlyStoppingPatience()));
        }
        md.append("**Assumption:** the notebook's cells are not available to us, only its shared settings and its four test accuracies. "
                        + "The optimiser of each phase is our reading (Keras' defaults for each): see `ImdbTuning.PHASES`.\n\n")
                .append(table(result)).append('\n');
        for (ImdbTuning.PhaseResult r : result.phases()) {
            String file = "phase-" + r.phase().number() + "-curves.png";
            if (Files.exists(dir.resolve(file))) md.append("![phase ").append(r.phase().number()).append("](").append(file).append(")\n\n");
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), md.toString());
    }
}
