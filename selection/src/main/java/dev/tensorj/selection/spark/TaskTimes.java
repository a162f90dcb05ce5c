package dev.tensorj.selection.spark;

import java.util.Locale;

/**
 * What Spark's scheduler measured for the successful tasks of the last run, in seconds summed over
 * tasks: {@code duration} from launch to the result reaching the driver, {@code executorRun} inside the
 * task body, {@code deserialize} unpacking the task, {@code resultSerialize} packing the result.
 */
public record TaskTimes(int tasks, double duration, double executorRun, double deserialize, double resultSerialize) {
    /** Spark's share of a task on average: duration minus what the trial itself measured (training and data setup). */
    public double overheadPerTask(double trialSecondsSum) {
        return tasks == 0 ? 0 : (duration - trialSecondsSum) / tasks;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d tasks: %.1f s launch-to-result, %.1f s in the task bodies, %.2f s deserialising tasks, %.2f s serialising results",
                tasks, duration, executorRun, deserialize, resultSerialize);
    }
}
