package dev.tensorj.nn.train;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** A terminal progress bar with ETA and the running loss/metrics (the progressbar library), or nothing. */
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

    static ProgressDisplay console(String task, long steps, PrintStream stream) {
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
