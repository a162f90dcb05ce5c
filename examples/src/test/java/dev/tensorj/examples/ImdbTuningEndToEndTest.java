package dev.tensorj.examples;

import dev.tensorj.datasets.DatasetException;
import dev.tensorj.nn.Layer;
import dev.tensorj.nn.optim.Optimizer;
import dev.tensorj.tensor.Generator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * {@code tensorj train imdb-tuning}: the four phases with the notebook's shared settings, and a CI-sized run on the
 * real reviews (skipped without them): 2 epochs at batch 64 on 4,000 training reviews (3,600 after the 10 %
 * validation split) and 2,000 test reviews, about 30 s on two cores; it checks the phase table, the report, the
 * curves, the best epoch and that every phase learns. The full run (30 epochs, batch 512, all reviews) takes far
 * longer than CI allows.
 */
@Tag("e2e")
class ImdbTuningEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void thePhasesAreTheNotebooksFourWithItsSharedSettings() {
        ImdbTuning.Recipe n = ImdbTuning.NOTEBOOK;
        assertEquals(List.of(0.1, 512, 0.5, 2, 3, 30), List.of(n.validationSplit(), n.batchSize(), n.plateauFactor(), n.plateauPatience(),
                n.earlyStoppingPatience(), n.epochs()));
        assertEquals(List.of(0.8640, 0.8676, 0.8714, 0.8578), ImdbTuning.PHASES.stream().map(ImdbTuning.Phase::notebookTestAccuracy).toList());
        assertEquals(List.of(1, 2, 3, 4), ImdbTuning.PHASES.stream().map(ImdbTuning.Phase::number).toList());
        Layer model = ImdbExercise.model(ImdbExercise.Model.CNN_LSTM_TUNED, n.maxFeatures(), new Generator(0));
        for (ImdbTuning.Phase phase : ImdbTuning.PHASES) {
            Optimizer optimizer = phase.optimiserFactory().apply(model.parameters());
            assertTrue(phase.optimiser().contains("lr " + optimizer.lr()), phase.optimiser() + " says its lr, " + optimizer.lr());
        }
        String summary = model.summary(n.maxLen());
        assertTrue(summary.contains("(None, 200, 32)") && summary.contains("(None, 70)") && summary.contains("(None, 1)"), summary);
    }

    @Test
    void aShortRunPrintsThePhaseTableWritesTheReportAndLearns() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ImdbTuning.Result r;
        try {
            r = ImdbTuning.run(new ImdbTuning.Config(2, 64, null, null, 42, 4000, 2000, dir), new PrintStream(printed, true, StandardCharsets.UTF_8), false);
        } catch (DatasetException e) {
            abort("IMDB not available here: " + e.getMessage());
            return;
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertEquals(List.of(3600, 400, 2000), List.of(r.trainSize(), r.validationSize(), r.testSize()));
        assertEquals(4, r.phases().size());
        for (ImdbTuning.PhaseResult p : r.phases()) {
            int n = p.phase().number();
            assertTrue(p.epochsRun() >= 1 && p.epochsRun() <= 2, "phase " + n + " ran " + p.epochsRun() + " epochs");
            assertTrue(p.bestEpoch() >= 1 && p.bestEpoch() <= p.epochsRun(), "phase " + n + " best epoch " + p.bestEpoch());
            assertEquals(p.history().get("val_accuracy").get(p.bestEpoch() - 1), p.bestValAccuracy(), "phase " + n + ": the best epoch's val accuracy");
            assertEquals(p.history().get("val_loss").stream().mapToDouble(Double::doubleValue).min().orElseThrow(), p.bestValLoss(), "phase " + n + ": the lowest val loss");
            List<Double> loss = p.history().get("loss");
            assertTrue(loss.get(loss.size() - 1) < loss.get(0), "phase " + n + " learns: training loss " + loss + " goes down");
            if (!p.phase().optimiser().startsWith("SGD")) { // 112 steps of SGD barely move the LSTM (its loss goes down, slowly); the adaptive ones do
                assertTrue(p.bestValAccuracy() >= 0.60, "phase " + n + " learns: val accuracy " + p.bestValAccuracy() + " < 0.60 (chance 0.5)");
            }
            assertTrue(Files.isRegularFile(dir.resolve("phase-" + n + "/loss.png")) && Files.isRegularFile(dir.resolve("phase-" + n + "/accuracy.png"))
                    && Files.isRegularFile(dir.resolve("phase-" + n + "-curves.png")), "phase " + n + "'s curves");
        }
        double bestTest = r.phases().stream().mapToDouble(ImdbTuning.PhaseResult::testAccuracy).max().orElseThrow();
        assertTrue(bestTest >= 0.65, "the best phase's test accuracy " + bestTest + " < 0.65");
        String table = ImdbTuningReport.table(r);
        assertTrue(out.contains(table), "the phase table is printed:\n" + out);
        assertTrue(table.startsWith("| phase | settings | epochs run | best epoch | val loss | val accuracy | test accuracy | notebook's test accuracy |"), table);
        for (String notebook : new String[] {"86.40 %", "86.76 %", "87.14 %", "85.78 %"}) assertTrue(table.contains(notebook), notebook + " in\n" + table);
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains(table) && report.contains("**A shortened run**") && report.contains("**Assumption:**")
                && report.contains("![phase 4](phase-4-curves.png)"), report);
    }
}
