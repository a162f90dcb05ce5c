package dev.tensorj.selection.spark;

import dev.tensorj.datasets.TensorDataset;
import dev.tensorj.selection.MlpObjective;
import dev.tensorj.selection.ParamSchema;
import dev.tensorj.selection.Params;
import dev.tensorj.selection.TrialOutcome;
import org.apache.spark.TaskContext;

/** The course's MLP, except that the first Spark attempt of configuration {@code failing} throws. */
record FlakyObjective(int failing) implements dev.tensorj.selection.Objective {
    @Override
    public ParamSchema schema() {
        return MlpObjective.SCHEMA;
    }

    @Override
    public TrialOutcome train(Params params, TensorDataset train, TensorDataset validation, long seed) {
        if (params.id() == failing && TaskContext.get().attemptNumber() == 0) throw new IllegalStateException("injected failure of config " + failing);
        return new MlpObjective(3).train(params, train, validation, seed);
    }
}
