package dev.tensorj.examples;

import dev.tensorj.nn.Sequential;
import dev.tensorj.nn.gan.GanHistory;
import dev.tensorj.nn.gan.GanTrainer;
import dev.tensorj.nn.models.Dcgan;
import dev.tensorj.nn.optim.Adam;
import dev.tensorj.tensor.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The judge's table of a resumed run starts with the rows the stopped run wrote. */
class GanJudgeTest {
    @TempDir
    Path dir;

    @Test
    void aResumedRunKeepsTheEarlierEpochsRowsAndReplacesLaterOnes() throws Exception {
        Generator init = new Generator(1);
        Sequential g = Dcgan.generator(GanExercise.LATENT_DIM, 7, 1, init), d = Dcgan.discriminator(7, 1, init);
        GanTrainer trainer = new GanTrainer(g, d, new Adam(g.parameters(), 1e-4), new Adam(d.parameters(), 1e-4), GanExercise.LATENT_DIM, false, new Generator(2));
        Path csv = dir.resolve("judge.csv");
        // the stopped run judged epochs 1-3; its checkpoint is of epoch 2 (the third epoch's save was interrupted)
        Files.writeString(csv, "epoch,confident_share,requested_class_share,largest_class_share\n1,0.1000,,0.9000\n2,0.2000,,0.5000\n3,0.3000,,0.4000\n");
        GanJudge judge = new GanJudge(CnnExercise.c1(new Generator(3)), 20, csv, GanJudge.earlierRows(csv, 2), new PrintStream(PrintStream.nullOutputStream()));

        judge.onEpochEnd(trainer, 2, new GanHistory()); // the resumed run's first epoch: the third

        List<String> rows = Files.readAllLines(csv);
        assertEquals(4, rows.size(), String.join("\n", rows));
        assertEquals("1,0.1000,,0.9000", rows.get(1));
        assertEquals("2,0.2000,,0.5000", rows.get(2));
        assertTrue(rows.get(3).startsWith("3,") && !rows.get(3).equals("3,0.3000,,0.4000"), "epoch 3 judged anew: " + rows.get(3));
        assertEquals(3, judge.scores().size());
        assertTrue(judge.table().contains("| 2 | 20.0 % |  | 50.0 % |"), judge.table());

        Files.writeString(csv, "epoch,confident_share\nnot a number\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GanJudge.earlierRows(csv, 1)); // before any training
        assertTrue(e.getMessage().contains("cannot read the earlier epochs' scores from " + csv), e.getMessage());
    }
}
