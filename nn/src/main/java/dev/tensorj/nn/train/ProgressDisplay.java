package dev.tensorj.nn.train;

import java.io.PrintStream;
import java.util.ServiceLoader;

/**
 * A terminal progress bar with ETA and the running loss/metrics, or nothing. The bar itself lives in the
 * {@code tensorj-plot} artifact (it needs a terminal library the core does not carry) and is found with
 * {@link ServiceLoader}: without that artifact, or when the output is not a terminal (a log file, a pipe),
 * there is no bar, and the trainers' one line per epoch is the whole report — a bar would be one enormous
 * {@code \r}-joined line in a log. {@code -Dtensorj.progress=bar} or {@code =lines} forces either.
 */
public interface ProgressDisplay extends AutoCloseable {
    /** Shows nothing. */
    ProgressDisplay NONE = new ProgressDisplay() {
        @Override
        public void step(String message) {
        }

        @Override
        public void close() {
        }
    };

    /** One step done; {@code message} is the running loss and metrics shown beside the bar. */
    void step(String message);

    /** Finishes the bar (no exception). */
    @Override
    void close();

    /** The system property that forces the bar ({@code bar}) or its absence ({@code lines}); unset: a bar on a terminal only. */
    String PROPERTY = "tensorj.progress";

    /** Draws bars; {@code tensorj-plot} registers one in {@code META-INF/services}. */
    interface Provider {
        /** A bar named {@code task} for {@code steps} steps, drawn on {@code stream}. */
        ProgressDisplay open(String task, long steps, PrintStream stream);
    }

    /** Whether a {@link #console} call draws a bar: {@value #PROPERTY}, or else whether the JVM's output is a terminal. */
    static boolean drawsBar() {
        String forced = System.getProperty(PROPERTY, "");
        if (forced.equals("bar")) return true;
        if (forced.equals("lines")) return false;
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /**
     * A bar for {@code steps} steps on {@code stream}, or {@link #NONE} when the output is not a terminal
     * ({@link #drawsBar}) or no {@link Provider} is on the class path.
     */
    static ProgressDisplay console(String task, long steps, PrintStream stream) {
        if (!drawsBar()) return NONE;
        return ServiceLoader.load(Provider.class).findFirst()
                .map(provider -> provider.open(task, steps, stream))
                .orElse(NONE);
    }
}
