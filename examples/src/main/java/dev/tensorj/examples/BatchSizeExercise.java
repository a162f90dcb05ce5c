package dev.tensorj.examples;

import dev.tensorj.nn.Layer;
import dev.tensorj.nn.models.MethodologyNets;
import dev.tensorj.plot.LossPlot;
import dev.tensorj.tensor.Generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notebook's batch-size study on the MNIST PNG subset: 784-50-50-50-10 with tanh, Adam lr 0.01,
 * weight decay 0.01, trained once with the full batch (600 images, one step per epoch) for 15 epochs
 * and once with batches of 256 (three steps per epoch) for 10 epochs, the training loss of every step
 * drawn for both.
 */
final class BatchSizeExercise {
    static final int FULL_EPOCHS = 15, MINI_EPOCHS = 10, MINI_BATCH = 256;
    static final double LR = 0.01, WEIGHT_DECAY = 0.01;

    /** The two runs. */
    record Result(MethodologyRun.Result full, MethodologyRun.Result mini) {
    }

    private BatchSizeExercise() {
    }

    static Result run(Path dataDir, int fullEpochs, int miniEpochs, long seed, Path out, PrintStream print, boolean verbose) throws IOException {
        MethodologyData data = MethodologyData.load(dataDir, print).flattened();
        MethodologyRun.Result full = one("full batch", 0, fullEpochs, seed, data, print, verbose);
        MethodologyRun.Result mini = one("batch " + MINI_BATCH, MINI_BATCH, miniEpochs, seed, data, print, verbose);
        print.printf(Locale.ROOT, "steps: full batch %d, batch %d: %d%n", full.history().steps("loss").size(), MINI_BATCH, mini.history().steps("loss").size());
        if (out != null) {
            Map<String, List<Double>> steps = new LinkedHashMap<>();
            steps.put("full batch (600), " + fullEpochs + " epochs", full.history().steps("loss"));
            steps.put("batch " + MINI_BATCH + ", " + miniEpochs + " epochs", mini.history().steps("loss"));
            LossPlot.save(steps, "step", "training loss per step", out.resolve("step-loss.png"));
            MethodologyRun.curves(full, out.resolve("full-batch"), "full batch");
            MethodologyRun.curves(mini, out.resolve("batch-" + MINI_BATCH), "batch " + MINI_BATCH);
            new MethodologyReport("Batch-size study", String.format(Locale.ROOT,
                    "Settings: 784-50-50-50-10 with tanh after each hidden layer, Adam lr %s, weight decay %s, seed %d; full batch (600) for %d epochs "
                            + "(%d steps) vs batch %d for %d epochs (%d steps). Data %s.", LR, WEIGHT_DECAY, seed, fullEpochs, full.history().steps("loss").size(),
                    MINI_BATCH, miniEpochs, mini.history().steps("loss").size(), data.folder()))
                    .resultsTable().row("full batch", full).row("batch " + MINI_BATCH, mini)
                    .figure("training loss of every step, both runs", "step-loss.png")
                    .figure("full batch: loss by epoch", "full-batch/loss.png")
                    .figure("batch " + MINI_BATCH + ": loss by epoch", "batch-" + MINI_BATCH + "/loss.png")
                    .write(out);
            print.println("plots and report.md in " + out.toAbsolutePath());
        }
        return new Result(full, mini);
    }

    private static MethodologyRun.Result one(String name, int batch, int epochs, long seed, MethodologyData data, PrintStream print, boolean verbose) {
        Generator.seedGlobal(seed);
        Layer model = MethodologyNets.tanhMlp(new Generator(seed));
        if (verbose) print.println(name + ":\n" + model.summary(784));
        MethodologyRun.Result r = MethodologyRun.train(model, data.train(), data.valid(), data.test(),
                new MethodologyRun.Settings(epochs, batch, LR, WEIGHT_DECAY, seed), print, false);
        print.println(MethodologyRun.summaryLine(name + " (" + epochs + " epochs)", r));
        return r;
    }
}
