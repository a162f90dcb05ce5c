package dev.tensorj.selection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridSearchTest {
    @Test
    void holdOutSearchHasOneRowPerConfigurationAndLearns() {
        ResultTable table = GridSearch.of(new MlpObjective(3), TinyData.grid()).seed(3).run(TinyData.train(), TinyData.validation(), new InProcessExecutor(), ProgressListener.NONE);
        assertEquals(4, table.rows().size());
        for (TrialResult row : table.rows()) {
            assertFalse(row.outcome().diverged());
            assertEquals(4, row.outcome().epochs());
            for (String curve : ResultTable.CURVES) assertEquals(4, row.outcome().curves().get(curve).size(), curve);
            assertEquals(30, java.util.Arrays.stream(row.outcome().confusion()).flatMapToLong(java.util.Arrays::stream).sum());
        }
        ConfigSummary best = table.best("val_accuracy");
        assertTrue(best.valAccuracy() > 0.8, "the blobs are separable; best accuracy " + best.valAccuracy());
        double[][] confusion = table.normalizedConfusion(best.params().id());
        for (double[] row : confusion) assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-9);
        assertEquals(best, table.ranked("val_accuracy").get(0));
        assertTrue(table.ranked("val_loss").get(0).valLoss() <= table.ranked("val_loss").get(3).valLoss());
        String markdown = table.markdown("val_f1", 2);
        assertEquals(4, markdown.lines().count(), markdown);
    }

    @Test
    void kFoldGivesKRowsPerConfigurationAndTheSameResultsTwice() {
        GridSearch search = GridSearch.of(new MlpObjective(3), TinyData.grid()).folds(3).seed(3).limit(2);
        ResultTable first = search.run(TinyData.train(), null, new InProcessExecutor(), ProgressListener.NONE);
        ResultTable second = search.run(TinyData.train(), null, new InProcessExecutor(), ProgressListener.NONE);
        assertEquals(6, first.rows().size());
        assertEquals(first.deterministicRows(), second.deterministicRows());
        assertEquals(List.of(0, 1), first.summaries().stream().map(s -> s.params().id()).toList());
        assertEquals(3, first.summaries().get(0).folds());
        // the validation folds partition the 60 examples
        assertEquals(60, first.rowsOf(0).stream().mapToLong(r -> java.util.Arrays.stream(r.outcome().confusion()).flatMapToLong(java.util.Arrays::stream).sum()).sum());
    }

    @Test
    void plainFoldsDifferFromStratifiedOnesButStillPartitionTheData() {
        GridSearch search = GridSearch.of(new MlpObjective(3), TinyData.grid()).folds(3).seed(3).limit(1);
        ResultTable stratified = search.run(TinyData.train(), null, new InProcessExecutor(), ProgressListener.NONE);
        ResultTable plain = search.stratified(false).run(TinyData.train(), null, new InProcessExecutor(), ProgressListener.NONE);
        assertFalse(stratified.deterministicRows().equals(plain.deterministicRows()));
        assertEquals(60, plain.rowsOf(0).stream().mapToLong(r -> java.util.Arrays.stream(r.outcome().confusion()).flatMapToLong(java.util.Arrays::stream).sum()).sum());
        // stratified: every validation fold holds 20 examples, about 20/3 of each of the 3 classes
        for (TrialResult r : stratified.rowsOf(0)) {
            for (long[] row : r.outcome().confusion()) {
                long support = java.util.Arrays.stream(row).sum();
                assertTrue(support == 6 || support == 7, "class support " + support);
            }
        }
    }

    @Test
    void crossValidationSummarisesMeanAndSpread() {
        ConfigSummary summary = CrossValidation.run(new MlpObjective(3), Map.of("batch", 16, "lr", 0.05, "wd", 0.0, "hidden", 8, "epochs", 5), TinyData.train(), 3, 1,
                new InProcessExecutor());
        assertEquals(3, summary.folds());
        assertTrue(summary.valAccuracy() > 0.7, "accuracy " + summary.valAccuracy());
        assertTrue(summary.valAccuracyStd() >= 0 && summary.valAccuracyStd() < 0.3);
    }

    @Test
    void aDivergingConfigurationIsARowMarkedDiverged() {
        ParamGrid grid = ParamGrid.builder().ints("batch", 16).doubles("lr", 0.01, 1e30).doubles("wd", 0.0).ints("hidden", 8).ints("epochs", 3).build();
        ResultTable table = GridSearch.of(new MlpObjective(3), grid).run(TinyData.train(), TinyData.validation(), new InProcessExecutor(), ProgressListener.NONE);
        assertFalse(table.rows().get(0).outcome().diverged());
        assertTrue(table.rows().get(1).outcome().diverged());
        assertEquals("diverged", table.cells().get(1).get(table.header().indexOf("status")));
        assertEquals(0, table.best("val_loss").params().id());
        assertTrue(table.markdown("val_loss", 5).contains("diverged"));
    }

    @Test
    void aThrowingTrialIsRetriedAndCountedOnce() {
        AtomicInteger calls = new AtomicInteger();
        Objective flaky = new Objective() {
            @Override
            public ParamSchema schema() {
                return MlpObjective.SCHEMA;
            }

            @Override
            public TrialOutcome train(Params params, dev.tensorj.datasets.TensorDataset train, dev.tensorj.datasets.TensorDataset validation, long seed) {
                if (params.id() == 1 && calls.getAndIncrement() == 0) throw new IllegalStateException("injected failure");
                return new MlpObjective(3).train(params, train, validation, seed);
            }
        };
        ResultTable table = GridSearch.of(flaky, TinyData.grid()).limit(2).run(TinyData.train(), TinyData.validation(), new InProcessExecutor(2), ProgressListener.NONE);
        assertEquals(2, table.rows().size());
        assertEquals(1, table.rowsOf(1).get(0).attempt());
        calls.set(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GridSearch.of(flaky, TinyData.grid()).limit(2)
                .run(TinyData.train(), TinyData.validation(), new InProcessExecutor(1), ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith("config 1 failed 1 time(s)"), e.getMessage());
    }

    @Test
    void oneFoldWithoutValidationIsAnErrorBeforeAnythingRuns() {
        GridSearch search = GridSearch.of(new MlpObjective(3), TinyData.grid());
        assertThrows(IllegalArgumentException.class, () -> search.run(TinyData.train(), null, new InProcessExecutor(), ProgressListener.NONE));
        assertThrows(IllegalArgumentException.class, () -> search.folds(0));
    }

    @Test
    void theCsvHasAHeaderAndOneLinePerRow(@TempDir Path dir) throws Exception {
        ResultTable table = GridSearch.of(new MlpObjective(3), TinyData.grid()).limit(2).run(TinyData.train(), TinyData.validation(), new InProcessExecutor(), ProgressListener.NONE);
        table.writeCsv(dir.resolve("results.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("config,fold,folds,seed,batch,lr,wd,hidden,epochs,status,epochs_run,val_loss"), lines.get(0));
    }

    @Test
    void progressLineCountsDoneRunningAndFailed() {
        var buffer = new java.io.ByteArrayOutputStream();
        ProgressLine line = new ProgressLine(new java.io.PrintStream(buffer), true);
        line.begin(3);
        line.started();
        line.succeeded();
        line.started();
        line.failed("boom", true);
        line.started();
        assertTrue(line.line().startsWith("1/3 done, 1 running, 1 failed, "), line.line());
        assertTrue(line.line().contains("ETA"));
    }
}
