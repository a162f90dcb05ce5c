package dev.tensorj.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker team: every index exactly once, failures reach the caller, nested and concurrent calls are safe. */
class ParallelTest {
    private static final int ORIGINAL = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(ORIGINAL);
    }

    @Test
    void everyIndexRunsExactlyOnceForAnyThreadCountAndGrain() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 7, 1000, 100_003}) {
                for (int grain : new int[] {1, 64, 1 << 20}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    List<int[]> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
                    Parallel.forRange(n, grain, (start, end) -> {
                        ranges.add(new int[] {start, end});
                        for (int i = start; i < end; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n + ", threads " + threads + ", grain " + grain);
                    assertTrue(ranges.size() <= threads, ranges.size() + " ranges for " + threads + " threads");
                    for (int[] r : ranges) assertTrue(n == 0 || r[1] - r[0] >= Math.min(n, grain) || ranges.size() == 1, "range shorter than the grain");
                }
            }
        }
    }

    @Test
    void aFailureInAnyRangeReachesTheCallerAndTheTeamStaysUsable() {
        Parallel.setThreads(3);
        for (int failing = 0; failing < 3; failing++) {
            int bad = failing;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(3, 1, (start, end) -> {
                if (start == bad) throw new IllegalStateException("range " + bad);
            }));
            assertEquals("range " + bad, e.getMessage());
        }
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        Parallel.forEach(10, hits::incrementAndGet);
        for (int i = 0; i < 10; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void nestedCallsRunInsideTheirRange() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
        Parallel.forRange(64, 1, (start, end) -> {
            for (int row = start; row < end; row++) {
                int r = row;
                Parallel.forRange(64, 1, (s, e) -> {
                    for (int c = s; c < e; c++) hits.incrementAndGet(r * 64 + c);
                });
            }
        });
        for (int i = 0; i < 64 * 64; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void callersOnSeveralThreadsAtOnceEachGetTheirWholeRange() throws InterruptedException {
        Parallel.setThreads(2);
        int callers = 4, n = 50_000, rounds = 200;
        AtomicIntegerArray[] hits = new AtomicIntegerArray[callers];
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            AtomicIntegerArray mine = hits[c] = new AtomicIntegerArray(n);
            threads[c] = new Thread(() -> {
                for (int round = 0; round < rounds; round++) {
                    Parallel.forRange(n, 1000, (start, end) -> {
                        for (int i = start; i < end; i++) mine.incrementAndGet(i);
                    });
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join();
        for (AtomicIntegerArray mine : hits) {
            for (int i = 0; i < n; i++) assertEquals(rounds, mine.get(i));
        }
    }
}
