package dev.tensorj.examples;

import dev.tensorj.nn.train.History;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The C1-vs-C2 table: one row per model and batch size, with the over-fitting gap, the best epoch on validation and its test accuracy. */
class CnnComparisonTest {

    private static CnnComparison.Row row(CnnExercise.Model model, int batch, double[] train, double[] validation, double test, long params) {
        History h = new History();
        for (int e = 0; e < train.length; e++) h.recordAll(Map.of("accuracy", train[e], "val_accuracy", validation[e]));
        return new CnnComparison.Row(model, batch, new CnnExercise.Result(h, test, 12.5, params));
    }

    @Test
    void tableShowsGapAndBestEpoch() {
        String table = CnnComparison.table(List.of(
                row(CnnExercise.Model.C1, 64, new double[] {0.85, 0.90, 0.92}, new double[] {0.86, 0.885, 0.88}, 0.879, 34_048),
                row(CnnExercise.Model.C2, 1000, new double[] {0.80, 0.95, 0.99}, new double[] {0.84, 0.90, 0.91}, 0.905, 5_400_000)), 3, 0);
        assertTrue(table.contains("| C1 | 64 | 34,048 | 92.00 % | 88.00 % | +4.00 | 88.50 % (2) | 87.90 % | 12.5 |"), table);
        assertTrue(table.contains("| C2 | 1000 | 5,400,000 | 99.00 % | 91.00 % | +8.00 | 91.00 % (3) | 90.50 % | 12.5 |"), table);
        assertTrue(table.startsWith("C1 vs C2 on Fashion-MNIST, 3 epochs on all 60,000 training images"), table);
    }
}
