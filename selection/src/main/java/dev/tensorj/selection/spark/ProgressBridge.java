package dev.tensorj.selection.spark;

import dev.tensorj.selection.ProgressListener;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/** Turns Spark's task events (delivered on the driver's listener thread) into {@link ProgressListener} calls. */
final class ProgressBridge extends SparkListener {
    private final ProgressListener progress;
    private final int maxFailures;
    private int successes;
    private double duration, executorRun, deserialize, resultSerialize;

    ProgressBridge(ProgressListener progress, int maxFailures) {
        this.progress = progress;
        this.maxFailures = maxFailures;
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
        progress.started();
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.reason() == Success$.MODULE$) {
            progress.succeeded();
            synchronized (this) {
                successes++;
                duration += taskEnd.taskInfo().duration() / 1e3;
                if (taskEnd.taskMetrics() != null) {
                    executorRun += taskEnd.taskMetrics().executorRunTime() / 1e3;
                    deserialize += taskEnd.taskMetrics().executorDeserializeTime() / 1e3;
                    resultSerialize += taskEnd.taskMetrics().resultSerializationTime() / 1e3;
                }
                notifyAll();
            }
        } else {
            progress.failed(taskEnd.reason().toString(), taskEnd.taskInfo().attemptNumber() + 1 < maxFailures);
        }
    }

    /** The scheduler's times of the successful tasks so far. */
    synchronized TaskTimes times() {
        return new TaskTimes(successes, duration, executorRun, deserialize, resultSerialize);
    }

    /** Waits (at most {@code millis}) until the listener bus has delivered {@code n} successes: events arrive after the job returns. */
    synchronized void awaitSuccesses(int n, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (successes < n && System.currentTimeMillis() < deadline) {
            try {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
