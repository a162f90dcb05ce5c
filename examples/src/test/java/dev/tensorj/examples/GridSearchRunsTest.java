package dev.tensorj.examples;

import dev.tensorj.selection.Params;
import dev.tensorj.selection.ResultTable;
import dev.tensorj.selection.Trial;
import dev.tensorj.selection.TrialOutcome;
import dev.tensorj.selection.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tune --tensorboard: one run per configuration and fold with its curves and an HParams row, and the grid's columns at the root. */
class GridSearchRunsTest {
    @TempDir
    Path dir;

    private static TrialResult row(int id, int fold, double lr, boolean diverged) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lr", lr);
        values.put("hidden", 50);
        Map<String, List<Double>> curves = Map.of("loss", List.of(1.0, 0.5), "val_f1", List.of(0.6, 0.7));
        TrialOutcome outcome = diverged ? new TrialOutcome(true, Map.of("loss", List.of(Double.NaN)), Double.NaN, Double.NaN, Double.NaN, new long[0][])
                : new TrialOutcome(false, curves, 0.4, 0.7, 0.75, new long[][] {{3, 1}, {1, 3}});
        return new TrialResult(new Trial(new Params(id, values), fold, 2, 42), outcome, 1.0, 0.1, 1, "test");
    }

    /** The text of every record of the event files under {@code folder}, after checking each record's framing. */
    private static String records(Path folder) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains("tfevents")).toList()) {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    long length = b.getLong();
                    b.getInt(); // the length's CRC (checked in the tensorboard module's tests)
                    assertTrue(length >= 0 && length + 4 <= b.remaining(), file + ": a record runs past the end");
                    byte[] data = new byte[(int) length];
                    b.get(data);
                    b.getInt();
                    text.append(new String(data, StandardCharsets.ISO_8859_1)).append('\n');
                }
            }
        }
        return text.toString();
    }

    @Test
    void aRunPerTrialWithCurvesAndHparamsAndTheGridAtTheRoot() throws IOException {
        ResultTable table = new ResultTable(List.of("lr", "hidden"), List.of(row(0, 0, 0.01, false), row(0, 1, 0.01, false), row(1, 0, 0.1, true), row(1, 1, 0.1, false)));
        assertEquals(4, GridSearchRuns.write(table, dir));
        try (Stream<Path> runs = Files.list(dir)) {
            assertEquals(List.of("config-000-fold-1", "config-000-fold-2", "config-001-fold-1", "config-001-fold-2"),
                    runs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList());
        }
        String root = records(dir);
        assertTrue(root.contains("_hparams_/experiment") && root.contains("lr") && root.contains("hidden") && root.contains("hparam/val_f1"), "the grid's columns");
        String run = records(dir.resolve("config-000-fold-1"));
        assertTrue(run.contains("epoch_loss") && run.contains("epoch_val_f1"), "the per-epoch curves");
        assertTrue(run.contains("_hparams_/session_start_info") && run.contains("hparam/val_accuracy") && run.contains("diverged"), "an HParams row");
    }
}
