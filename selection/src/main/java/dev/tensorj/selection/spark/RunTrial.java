package dev.tensorj.selection.spark;

import dev.tensorj.selection.Trial;
import dev.tensorj.selection.TrialResult;
import dev.tensorj.selection.TrialRunner;
import dev.tensorj.tensor.Backends;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/** The body of one Spark task: limit the engine to the task's cores, then run the trial. */
final class RunTrial implements Function<Trial, TrialResult> {
    private static final long serialVersionUID = 1L;
    private final TrialRunner runner;

    RunTrial(TrialRunner runner) {
        this.runner = runner;
    }

    @Override
    public TrialResult call(Trial trial) {
        TaskContext task = TaskContext.get();
        int cores = task == null ? 1 : Math.max(1, task.cpus());
        if (Backends.cpuThreads() != cores) Backends.setCpuThreads(cores);
        String worker = "executor " + SparkEnv.get().executorId() + " task " + (task == null ? "?" : task.taskAttemptId());
        return runner.run(trial, task == null ? 0 : task.attemptNumber(), worker);
    }
}
