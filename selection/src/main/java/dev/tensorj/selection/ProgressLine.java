package dev.tensorj.selection;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress display: trials done / total, running, failed attempts, elapsed time and the
 * ETA from the mean time per finished trial and the number running in parallel. Rewritten in place
 * ({@code \r}) on a terminal; with {@code lines}, printed as a new line at most every few seconds
 * (for logs).
 */
public final class ProgressLine implements ProgressListener {
    private final PrintStream out;
    private final boolean lines;
    private final long intervalNanos;
    private int total, done, running, failed, maxRunning;
    private long start, lastPrint;
    private String lastLine = "";

    /** @param lines one line per update (logs) instead of rewriting one line */
    public ProgressLine(PrintStream out, boolean lines) {
        this.out = out;
        this.lines = lines;
        this.intervalNanos = lines ? 5_000_000_000L : 200_000_000L;
    }

    @Override
    public synchronized void begin(int total) {
        this.total = total;
        start = System.nanoTime();
        print(true);
    }

    @Override
    public synchronized void started() {
        running++;
        maxRunning = Math.max(maxRunning, running);
        print(false);
    }

    @Override
    public synchronized void succeeded() {
        running = Math.max(0, running - 1);
        done++;
        print(false);
    }

    @Override
    public synchronized void failed(String reason, boolean willRetry) {
        running = Math.max(0, running - 1);
        failed++;
        out.print(lines ? "" : "\n");
        out.println("trial attempt failed" + (willRetry ? " (will retry)" : "") + ": " + reason);
        print(true);
    }

    @Override
    public synchronized void end() {
        print(true);
        if (!lines) out.println();
    }

    /** The current line, e.g. {@code 12/243 done, 2 running, 0 failed, 1m05s elapsed, ETA 20m11s}. */
    public synchronized String line() {
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done == 0 ? "?" : duration(elapsed / done * (total - done));
        return String.format(Locale.ROOT, "%d/%d done, %d running, %d failed, %s elapsed, ETA %s", done, total, running, failed, duration(elapsed), eta);
    }

    private void print(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastPrint < intervalNanos && done < total) return;
        lastPrint = now;
        String line = line();
        if (lines && line.equals(lastLine)) return;
        lastLine = line;
        if (lines) out.println(line);
        else out.print("\r" + line + "   ");
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
