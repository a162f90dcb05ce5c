package dev.tensorj.examples;

import dev.tensorj.nn.Module;
import dev.tensorj.nn.models.MethodologyNets;
import dev.tensorj.nn.plot.LossPlot;
import dev.tensorj.tensor.Generator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The notebook's underfitting and overfitting exercise on the MNIST PNG subset: a single linear layer
 * 784→10 for 30 epochs (underfits), six hidden layers of 60 for 200 epochs (overfits: training loss
 * to about 0, validation loss rising), and the same deep network with L2 weight decay (Adam, wd 0.01,
 * 100 epochs) closing the gap. The train/validation curves of the three are drawn side by side.
 */
final class FittingExercise {
    static final int UNDER_EPOCHS = 30, OVER_EPOCHS = 200, L2_EPOCHS = 100, BATCH = 64;
    static final double LR = 1e-3, WEIGHT_DECAY = 0.01;

    /** The three runs. */
    record Result(MethodologyRun.Result under, MethodologyRun.Result over, MethodologyRun.Result l2) {
    }

    private FittingExercise() {
    }

    /** @param epochScale multiplies the three default epoch counts (1 for the notebook's; smaller for a quick look) */
    static Result run(Path dataDir, double epochScale, int batch, long seed, Path out, PrintStream print, boolean verbose) throws IOException {
        MethodologyData data = MethodologyData.load(dataDir, print).flattened();
        MethodologyRun.Result under = one("784->10", MethodologyNets::linear, scaled(UNDER_EPOCHS, epochScale), batch, 0, seed, data, print, verbose);
        MethodologyRun.Result over = one("6x60", MethodologyNets::deep, scaled(OVER_EPOCHS, epochScale), batch, 0, seed, data, print, verbose);
        MethodologyRun.Result l2 = one("6x60 + L2 0.01", MethodologyNets::deep, scaled(L2_EPOCHS, epochScale), batch, WEIGHT_DECAY, seed, data, print, verbose);
        if (out != null) {
            SideBySide.save(out.resolve("fitting-loss.png"), List.of(
                    curves(under, "underfitting: 784->10", out.resolve("under-loss.png")),
                    curves(over, "overfitting: 6 x 60", out.resolve("over-loss.png")),
                    curves(l2, "6 x 60 with L2 (wd 0.01)", out.resolve("l2-loss.png"))));
            MethodologyRun.curves(under, out.resolve("under"), "784->10");
            MethodologyRun.curves(over, out.resolve("over"), "6x60");
            MethodologyRun.curves(l2, out.resolve("l2"), "6x60 + L2");
            new MethodologyReport("Underfitting and overfitting", String.format(java.util.Locale.ROOT,
                    "Settings: Adam lr %s, batch %d, seed %d; 784->10 for %d epochs; six hidden layers of 60 (ReLU) for %d epochs; the same with "
                            + "weight decay %s for %d epochs. Data %s.", LR, batch, seed, scaled(UNDER_EPOCHS, epochScale), scaled(OVER_EPOCHS, epochScale),
                    WEIGHT_DECAY, scaled(L2_EPOCHS, epochScale), data.folder()))
                    .resultsTable().row("784->10 (underfits)", under).row("6x60 (overfits)", over).row("6x60 + L2 0.01", l2)
                    .paragraph(String.format(java.util.Locale.ROOT, "Generalisation gap (validation loss - training loss) at the last epoch: 784->10 %.4f, 6x60 %.4f, 6x60 + L2 %.4f.",
                            gap(under), gap(over), gap(l2)))
                    .figure("training and validation loss side by side: 784->10, 6x60, 6x60 + L2", "fitting-loss.png")
                    .figure("accuracy of the underfitting model", "under/accuracy.png")
                    .figure("accuracy of the overfitting model", "over/accuracy.png")
                    .figure("accuracy with L2", "l2/accuracy.png")
                    .write(out);
            print.println("plots and report.md in " + out.toAbsolutePath());
        }
        return new Result(under, over, l2);
    }

    /** Validation loss minus training loss at the last epoch. */
    static double gap(MethodologyRun.Result r) {
        return r.last("val_loss") - r.last("loss");
    }

    private static int scaled(int epochs, double scale) {
        return Math.max(1, (int) Math.round(epochs * scale));
    }

    private static MethodologyRun.Result one(String name, Function<Generator, Module> net, int epochs, int batch, double wd, long seed,
                                             MethodologyData data, PrintStream print, boolean verbose) {
        Generator.seedGlobal(seed);
        Module model = net.apply(new Generator(seed));
        if (verbose) print.println(name + ":\n" + model.summary(784));
        MethodologyRun.Result r = MethodologyRun.train(model, data.train(), data.valid(), data.test(), new MethodologyRun.Settings(epochs, batch, LR, wd, seed), print, false);
        print.println(MethodologyRun.summaryLine(name + " (" + epochs + " epochs)", r));
        return r;
    }

    private static Path curves(MethodologyRun.Result r, String title, Path file) throws IOException {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("train loss", r.history().get("loss"));
        series.put("validation loss", r.history().get("val_loss"));
        return LossPlot.save(series, "epoch", title, file);
    }
}
