package dev.tensorj.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The worker threads of the fast CPU kernels. Defaults to all cores; set {@code -Dtensorj.threads=N}
 * or call {@link #setThreads}. Work is split into contiguous ranges, never smaller than a grain, so
 * small tensors stay on the calling thread.
 *
 * <p>A training step runs thousands of kernels of 10-100 microseconds each, so the cost of starting
 * one matters as much as its loops. A fork/join pool parks its workers as soon as they are idle and
 * the calling thread only waits; waking two workers for every kernel cost 30-50 µs, more than a
 * 64k-element add takes on one thread. Here the <em>calling thread works too</em>: the ranges are
 * claimed from a counter by the caller and by {@code threads - 1} helpers, which spin for a short
 * while after each kernel (the next one usually follows within microseconds) before they park. A helper
 * that is slow to wake costs nothing but its share: the caller claims the range it would have taken.
 */
public final class Parallel {
    /** How long an idle helper (or a caller waiting for the helpers) spins before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private static volatile Team team = new Team(Integer.getInteger("tensorj.threads", Runtime.getRuntime().availableProcessors()));

    private Parallel() {
    }

    public static int threads() {
        return team.threads;
    }

    /** Changes the number of worker threads used by all CPU kernels. */
    public static synchronized void setThreads(int threads) {
        if (threads == team.threads) return;
        Team old = team;
        team = new Team(threads);
        old.shutdown();
    }

    /** A body that handles the index range [start, end). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /**
     * Runs body over [0, n) split into at most {@link #threads()} ranges of at least {@code grain}
     * indices each; returns when all are done. A call made from inside a running body (or while another
     * thread uses the workers) runs on the calling thread alone.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        Team t = team;
        int ranges = (int) Math.min(t.threads, Math.max(1, (long) n / Math.max(1, grain)));
        if (ranges > 1 && t.run(n, ranges, body)) return;
        if (n > 0) body.run(0, n);
    }

    /** Runs body for each index in [0, n), spread over the workers. */
    public static void forEach(int n, IntConsumer body) {
        forRange(n, 1, (start, end) -> {
            for (int i = start; i < end; i++) body.accept(i);
        });
    }

    /** One forRange call: its ranges, claimed one at a time by whichever thread comes first. */
    private static final class Job {
        private final int n, ranges;
        private final RangeBody body;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger next = new AtomicInteger(), done = new AtomicInteger();
        private volatile boolean callerParked;
        private volatile Throwable failure;

        Job(int n, int ranges, RangeBody body) {
            this.n = n;
            this.ranges = ranges;
            this.body = body;
        }

        /** Claims and runs ranges until none is left. */
        void work() {
            for (int r; (r = next.getAndIncrement()) < ranges; ) {
                try {
                    body.run((int) ((long) n * r / ranges), (int) ((long) n * (r + 1) / ranges));
                } catch (Throwable e) {
                    if (failure == null) failure = e;
                } finally {
                    if (done.incrementAndGet() == ranges && callerParked) LockSupport.unpark(caller);
                }
            }
        }

        /** Waits until every range has run (spinning first: the last one usually ends within microseconds). */
        void awaitDone() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (done.get() < ranges) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    callerParked = true;
                    if (done.get() < ranges) LockSupport.parkNanos(this, 1_000_000); // a missed unpark costs at most 1 ms
                }
            }
        }
    }

    /** The caller plus {@code threads - 1} helper threads. */
    private static final class Team {
        final int threads;
        private final Helper[] helpers;
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile Job job;
        private volatile boolean shutdown;

        Team(int threads) {
            if (threads < 1) throw new IllegalArgumentException("Parallel: threads must be >= 1, got " + threads);
            this.threads = threads;
            helpers = new Helper[threads - 1];
            for (int i = 0; i < helpers.length; i++) {
                helpers[i] = new Helper(this, i + 1);
                helpers[i].start();
            }
        }

        /** Runs the job with the helpers; false (nothing run) when they are already busy with another. */
        boolean run(int n, int ranges, RangeBody body) {
            if (!busy.compareAndSet(false, true)) return false;
            Job j = new Job(n, ranges, body);
            try {
                job = j;
                for (Helper h : helpers) if (h.parked) LockSupport.unpark(h);
                j.work();
                j.awaitDone();
            } finally {
                job = null;
                busy.set(false);
            }
            Throwable failure = j.failure;
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
            return true;
        }

        void shutdown() {
            shutdown = true;
            for (Helper h : helpers) LockSupport.unpark(h);
        }
    }

    /** A helper: runs the team's current job, then spins for the next one, then parks. */
    private static final class Helper extends Thread {
        private final Team team;
        private volatile boolean parked;

        Helper(Team team, int index) {
            super("tensorj-worker-" + index);
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job last = null;
            while (!team.shutdown) {
                Job seen = team.job;
                if (seen != null && seen != last) {
                    last = seen;
                    seen.work();
                    continue;
                }
                // idle until the job field changes from what was seen (null, or the job just finished)
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (team.job == seen && !team.shutdown && System.nanoTime() < spinUntil) Thread.onSpinWait();
                if (team.job != seen || team.shutdown) continue;
                parked = true;
                // the caller sets job before it reads parked; this thread sets parked before it reads job
                if (team.job == seen && !team.shutdown) LockSupport.park(this);
                parked = false;
            }
        }
    }
}
