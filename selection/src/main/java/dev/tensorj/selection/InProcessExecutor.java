package dev.tensorj.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs trials one after another in this JVM, each using all the engine's CPU threads. A trial that
 * throws is tried again, up to {@code maxAttempts} times in all, like a Spark task.
 */
public final class InProcessExecutor implements Executor {
    private final int maxAttempts;

    public InProcessExecutor() {
        this(1);
    }

    /** @param maxAttempts how many times a throwing trial is tried in all (≥ 1) */
    public InProcessExecutor(int maxAttempts) {
        if (maxAttempts < 1) throw new IllegalArgumentException("InProcessExecutor: maxAttempts must be at least 1, got " + maxAttempts);
        this.maxAttempts = maxAttempts;
    }

    @Override
    public String name() {
        return "in-process";
    }

    @Override
    public List<TrialResult> run(List<Trial> trials, TrialRunner runner, ProgressListener progress) {
        progress.begin(trials.size());
        List<TrialResult> results = new ArrayList<>(trials.size());
        for (Trial trial : trials) {
            for (int attempt = 0; ; attempt++) {
                progress.started();
                try {
                    results.add(runner.run(trial, attempt, "in-process"));
                    progress.succeeded();
                    break;
                } catch (RuntimeException e) {
                    boolean retry = attempt + 1 < maxAttempts;
                    progress.failed(trial.label() + ": " + e, retry);
                    if (!retry) throw new IllegalStateException(trial.label() + " failed " + maxAttempts + " time(s); last error: " + e.getMessage(), e);
                }
            }
        }
        progress.end();
        return results;
    }
}
