package dev.tensorj.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * Grid (or random) search with optional k-fold cross-validation: every configuration of a
 * {@link ParamGrid} is trained once per fold by an {@link Executor}, and the results come back as a
 * {@link ResultTable}. The grid is checked against the objective's {@link ParamSchema} before anything
 * runs.
 * <pre>{@code
 * ResultTable table = GridSearch.of(objective, grid).folds(5).seed(42).run(data, new InProcessExecutor(), ProgressListener.NONE);
 * ConfigSummary winner = table.best("val_f1");
 * }</pre>
 */
public final class GridSearch {
    private final Objective objective;
    private final ParamGrid grid;
    private int folds = 1;
    private long seed = 42;
    private int sample;
    private int limit;
    private boolean stratified = true;

    private GridSearch(Objective objective, ParamGrid grid) {
        objective.schema().check(grid);
        this.objective = objective;
        this.grid = grid;
    }

    /** A search of {@code grid} for {@code objective}; fails here when the grid does not fit the objective's schema. */
    public static GridSearch of(Objective objective, ParamGrid grid) {
        return new GridSearch(objective, grid);
    }

    /** k-fold cross-validation with {@code k ≥ 2}; 1 (the default) trains on the training set and validates on the hold-out set. */
    public GridSearch folds(int k) {
        if (k < 1) throw new IllegalArgumentException("GridSearch: folds must be at least 1, got " + k);
        this.folds = k;
        return this;
    }

    /** Whether k-fold splits keep the class proportions in every fold (the default) or are plain random folds. */
    public GridSearch stratified(boolean on) {
        this.stratified = on;
        return this;
    }

    /** The seed of every trial's initialisation and data order, of the fold assignment and of {@link #sample}. */
    public GridSearch seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Random search: {@code n} configurations drawn from the grid (0, the default, takes all). */
    public GridSearch sample(int n) {
        if (n < 0) throw new IllegalArgumentException("GridSearch: sample must be positive, got " + n);
        this.sample = n;
        return this;
    }

    /** Only the first {@code n} configurations (after sampling), e.g. for a quick check; 0 takes all. */
    public GridSearch limit(int n) {
        if (n < 0) throw new IllegalArgumentException("GridSearch: limit must be positive, got " + n);
        this.limit = n;
        return this;
    }

    /** The configurations this search trains, in grid order. */
    public List<Params> configurations() {
        List<Params> chosen = sample > 0 ? grid.sample(sample, seed) : grid.configurations();
        return limit > 0 && limit < chosen.size() ? chosen.subList(0, limit) : chosen;
    }

    /** Every (configuration, fold) trial, configuration by configuration. */
    public List<Trial> trials() {
        List<Trial> trials = new ArrayList<>();
        for (Params params : configurations()) for (int fold = 0; fold < folds; fold++) trials.add(new Trial(params, fold, folds, seed));
        return trials;
    }

    /** Runs the search on {@code executor}. */
    public ResultTable run(DataSource train, DataSource validation, Executor executor, ProgressListener progress) {
        if (folds == 1 && validation == null) throw new IllegalArgumentException("GridSearch: with one fold, give a validation set (or use folds >= 2)");
        List<Trial> trials = new ArrayList<>(trials());
        // costliest first (stable for ties), so the longest trainings do not start last; the table is sorted back
        trials.sort(java.util.Comparator.comparingDouble((Trial t) -> -objective.cost(t.params())));
        TrialRunner runner = new TrialRunner(objective, new TrialData(train, validation, seed, stratified));
        List<TrialResult> results = executor.run(trials, runner, progress);
        ResultTable table = new ResultTable(grid.names(), results);
        if (table.rows().size() != trials.size()) {
            throw new IllegalStateException("GridSearch: " + executor.name() + " returned " + table.rows().size() + " results for " + trials.size() + " trials");
        }
        return table;
    }
}
