package dev.tensorj.plot;

import dev.tensorj.nn.train.ProgressDisplay;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * The trainers' progress bar (the progressbar library: ETA, ASCII style, the running loss beside it), registered
 * as the {@link ProgressDisplay.Provider} that {@link ProgressDisplay#console} finds when this artifact is on the
 * class path.
 */
public final class ConsoleProgressBar implements ProgressDisplay.Provider {
    /** Width of the bar line in characters. */
    private static final int WIDTH = 110;

    @Override
    public ProgressDisplay open(String task, long steps, PrintStream stream) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(stream, WIDTH))
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
