package dev.tensorj.examples;

import dev.tensorj.selection.ResultTable;
import dev.tensorj.selection.TrialResult;
import dev.tensorj.tensorboard.SummaryWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A grid search in TensorBoard: one run per (configuration, fold) with its per-epoch curves, and the
 * HParams table — a row per run with its hyperparameters and final validation metrics, the grid's values
 * declared once in the root folder so the table can filter by them. Written from the result table after
 * the search, so it works the same whichever executor trained (Spark executors write no files).
 */
final class GridSearchRuns {
    /** The metric tags of the HParams table. */
    static final List<String> METRICS = List.of("hparam/val_f1", "hparam/val_accuracy", "hparam/val_loss");

    private GridSearchRuns() {
    }

    /** Writes the runs under {@code root} and returns how many. */
    static int write(ResultTable table, Path root) {
        Map<String, Set<Object>> domains = new LinkedHashMap<>();
        for (String name : table.paramNames()) domains.put(name, new LinkedHashSet<>());
        for (TrialResult r : table.rows()) r.trial().params().values().forEach((k, v) -> domains.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
        Map<String, List<?>> lists = new LinkedHashMap<>();
        domains.forEach((k, v) -> lists.put(k, new ArrayList<>(v)));
        lists.put("diverged", List.of(false, true));
        try (SummaryWriter experiment = new SummaryWriter(root)) {
            experiment.addHparamsExperiment(lists, METRICS);
        }
        for (TrialResult r : table.rows()) {
            var trial = r.trial();
            String name = String.format(Locale.ROOT, "config-%03d", trial.params().id()) + (trial.folds() > 1 ? "-fold-" + (trial.fold() + 1) : "");
            try (SummaryWriter run = new SummaryWriter(root.resolve(name))) {
                r.outcome().curves().forEach((curve, values) -> {
                    for (int epoch = 0; epoch < values.size(); epoch++) run.addScalar("epoch_" + curve, values.get(epoch), epoch + 1);
                });
                Map<String, Object> hparams = new LinkedHashMap<>(trial.params().values());
                hparams.put("diverged", r.outcome().diverged());
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("hparam/val_f1", r.outcome().valF1());
                metrics.put("hparam/val_accuracy", r.outcome().valAccuracy());
                metrics.put("hparam/val_loss", r.outcome().valLoss());
                run.addHparams(hparams, metrics);
            }
        }
        return table.rows().size();
    }
}
