package dev.tensorj.nn.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * A terminal progress bar with ETA and the running loss/metrics (the progressbar library), or nothing. When the
 * output is not a terminal (a log file, a pipe) there is no bar: the trainers print one line per epoch anyway, and a
 * bar would be one enormous {@code \r}-joined line there. {@code -Dtensorj.progress=bar} or {@code =lines} forces
 * either.
 */
public interface ProgressDisplay extends AutoCloseable {
    ProgressDisplay NONE = new ProgressDisplay() {
        @Override
        public void step(String message) {
        }

        @Override
        public void close() {
        }
    };

    void step(String message);

    @Override
    void close();

    /** The system property that forces the bar ({@code bar}) or its absence ({@code lines}); unset: a bar on a terminal only. */
    String PROPERTY = "tensorj.progress";

    /** Whether a {@link #console} call draws a bar: {@value #PROPERTY}, or else whether the JVM's output is a terminal. */
    static boolean drawsBar() {
        String forced = System.getProperty(PROPERTY, "");
        if (forced.equals("bar")) return true;
        if (forced.equals("lines")) return false;
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** A bar for {@code steps} steps on {@code stream}, or {@link #NONE} when the output is not a terminal ({@link #drawsBar}). */
    static ProgressDisplay console(String task, long steps, PrintStream stream) {
        if (!drawsBar()) return NONE;
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(stream, 110))
                .continuousUpdate()
                .build();
        return new ProgressDisplay() {
            @Override
            public void step(String message) {
                bar.step();
                bar.setExtraMessage(" " + message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
