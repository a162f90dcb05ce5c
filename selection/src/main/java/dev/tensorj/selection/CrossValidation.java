package dev.tensorj.selection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * k-fold cross-validation of one configuration: k trainings on stratified folds of the training set,
 * each validated on its held-out fold, summarised as the mean and standard deviation of each metric.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** Cross-validates {@code params} (a value for every parameter of the objective) with {@code k} folds on {@code executor}. */
    public static ConfigSummary run(Objective objective, Map<String, Object> params, DataSource train, int k, long seed, Executor executor) {
        if (k < 2) throw new IllegalArgumentException("CrossValidation: k must be at least 2, got " + k);
        ParamGrid.Builder builder = ParamGrid.builder();
        Map<String, Object> ordered = new LinkedHashMap<>(params);
        ordered.forEach((name, value) -> builder.axis(name, objective.schema().typeOf(name), java.util.List.of(value)));
        ResultTable table = GridSearch.of(objective, builder.build()).folds(k).seed(seed).run(train, null, executor, ProgressListener.NONE);
        return table.summaries().get(0);
    }
}
